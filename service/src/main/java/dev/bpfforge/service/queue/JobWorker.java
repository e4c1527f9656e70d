package dev.bpfforge.service.queue;

import dev.bpfforge.service.logging.LogContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One worker: claims a job of the toolchains it holds, renews the lease while the handler runs,
 * and completes the job under that lease. Stopping lets the current job finish; a job the
 * handler throws on is released for another attempt.
 */
public final class JobWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

  private final String id;
  private final JobQueue queue;
  private final Set<String> toolchains;
  private final JobHandler handler;
  private final ScheduledExecutorService heartbeats;
  private final Duration heartbeatEvery;
  private final Duration idlePoll;
  private final WakeSignal wake;
  private volatile boolean stopping;
  private volatile ClaimedJob current;

  public JobWorker(String id, JobQueue queue, Set<String> toolchains, JobHandler handler,
      ScheduledExecutorService heartbeats, Duration heartbeatEvery, Duration idlePoll, WakeSignal wake) {
    this.id = id;
    this.queue = queue;
    this.toolchains = Set.copyOf(toolchains);
    this.handler = handler;
    this.heartbeats = heartbeats;
    this.heartbeatEvery = heartbeatEvery;
    this.idlePoll = idlePoll;
    this.wake = wake;
  }

  public String id() {
    return id;
  }

  public void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    log.info("worker {} started for toolchains {}", id, toolchains);
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      try {
        if (!runOne()) {
          wake.await(idlePoll);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // The database may be briefly unreachable; keep the worker alive and try again.
        log.warn("worker {}: {}", id, e.toString());
        sleepQuietly(idlePoll);
      }
    }
    log.info("worker {} stopped", id);
  }

  /** Claims and runs at most one job; false when there was none. Visible for tests. */
  public boolean runOne() {
    List<ClaimedJob> claimed = queue.claim(id, toolchains, 1);
    if (claimed.isEmpty()) {
      return false;
    }
    ClaimedJob job = claimed.get(0);
    try (MDC.MDCCloseable b = MDC.putCloseable(LogContext.BUILD_ID, job.buildId().toString());
        MDC.MDCCloseable j = MDC.putCloseable(LogContext.JOB_ID, Long.toString(job.jobId()))) {
      run(job);
    }
    return true;
  }

  private void run(ClaimedJob job) {
    current = job;
    try {
      runHoldingLease(job);
    } finally {
      current = null;
    }
  }

  /**
   * Gives the running job back to the queue (lease-fenced) when the process must stop before it
   * finishes: another worker takes it now instead of after the lease expires. The handler may
   * still be running; its completion is then refused by the fence, so the job completes once.
   */
  public boolean releaseRunningJob(String reason) {
    ClaimedJob job = current;
    return job != null && queue.release(job, reason);
  }

  private void runHoldingLease(ClaimedJob job) {
    ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(
        () -> queue.heartbeat(job), heartbeatEvery.toMillis(), heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
    JobOutcome outcome;
    try {
      outcome = handler.run(job);
    } catch (Exception e) {
      heartbeat.cancel(false);
      log.error("worker {}: job {} failed in the executor; releasing it", id, job.jobId(), e);
      queue.release(job, "executor failure on " + id + ": " + e.getClass().getSimpleName());
      return;
    } finally {
      heartbeat.cancel(false);
    }
    queue.complete(job, outcome);
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
