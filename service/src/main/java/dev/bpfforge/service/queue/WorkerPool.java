package dev.bpfforge.service.queue;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker threads of this process, started with the application and stopped before it (on
 * SIGTERM too: Spring's shutdown hook): a stopping worker takes no new job and finishes its
 * current one within {@code bpfforge.worker.shutdown-grace}; a job still running then is released
 * back to the queue under its lease, so another worker takes it at once. Only a process killed
 * outright (SIGKILL) leaves its job to the reaper.
 */
public class WorkerPool implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final JobQueue queue;
  private final JobHandler handler;
  private final Set<String> toolchains;
  private final BpfForgeProperties properties;
  private final WakeSignal wake;
  private final List<JobWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private ScheduledExecutorService heartbeats;
  private volatile boolean running;

  public WorkerPool(JobQueue queue, JobHandler handler, Set<String> toolchains, BpfForgeProperties properties, WakeSignal wake) {
    this.queue = queue;
    this.handler = handler;
    this.toolchains = toolchains;
    this.properties = properties;
    this.wake = wake;
  }

  @Override
  public synchronized void start() {
    BpfForgeProperties.Queue q = properties.queue();
    heartbeats = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "bpfforge-heartbeat");
      t.setDaemon(true);
      return t;
    });
    String prefix = properties.worker().name().isBlank() ? hostName() : properties.worker().name();
    for (int i = 0; i < properties.worker().concurrency(); i++) {
      JobWorker worker = new JobWorker(prefix + "/" + ProcessHandle.current().pid() + "/" + i, queue, toolchains,
          handler, heartbeats, q.heartbeat(), q.idlePoll(), wake);
      Thread thread = new Thread(worker, "bpfforge-worker-" + i);
      thread.setDaemon(true); // never the reason a JVM cannot exit; stop() is what finishes jobs cleanly
      workers.add(worker);
      threads.add(thread);
      thread.start();
    }
    running = true;
    log.info("{} worker(s) for toolchains {}", workers.size(), toolchains);
  }

  @Override
  public synchronized void stop() {
    workers.forEach(JobWorker::stop);
    wake.signalAll();
    Duration grace = shutdownGrace();
    log.info("stopping {} worker(s): running jobs have {} s to finish", workers.size(), grace.toSeconds());
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (int i = 0; i < workers.size(); i++) {
      JobWorker worker = workers.get(i);
      if (threads.get(i).isAlive() && worker.releaseRunningJob("worker " + worker.id() + " stopped before the job finished")) {
        log.warn("worker {} did not finish its job within {} s: released it to the queue", worker.id(), grace.toSeconds());
      }
    }
    heartbeats.shutdownNow();
    try {
      heartbeats.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stop workers before the web server and the data source go away. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1000;
  }

  /** Unset: the sandbox's wall-clock limit and a margin, so a running compile can always finish. */
  private Duration shutdownGrace() {
    Duration configured = properties.worker().shutdownGrace();
    return configured != null ? configured : properties.sandbox().timeout().plusSeconds(10);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
  }
}
