package dev.bpfforge.service.build;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Waits for a job or build to finish. Completions come from workers in any process, so the
 * database is the only place to see them; one thread polls it for every waiting request at once
 * ({@link CompletionPoller}), every {@code bpfforge.compile.wait-poll}. Waiting costs no
 * connection: the pool stays free for the requests and workers that write.
 */
@Component
public class BuildWaiter implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(BuildWaiter.class);
  private static final Set<JobState> JOB_FINISHED = EnumSet.copyOf(
      Arrays.stream(JobState.values()).filter(JobState::isFinished).toList());
  private static final Set<BuildState> BUILD_FINISHED = EnumSet.copyOf(
      Arrays.stream(BuildState.values()).filter(BuildState::isFinished).toList());

  private final BuildRepository builds;
  private final JobRepository jobs;
  private final CompletionPoller<Long> jobWaiters;
  private final CompletionPoller<UUID> buildWaiters;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "build-waiter");
    thread.setDaemon(true);
    return thread;
  });

  BuildWaiter(BuildRepository builds, JobRepository jobs, BpfForgeProperties properties) {
    this.builds = builds;
    this.jobs = jobs;
    this.jobWaiters = new CompletionPoller<>(ids -> jobs.findIdsByIdInAndStateIn(ids, JOB_FINISHED));
    this.buildWaiters = new CompletionPoller<>(ids -> builds.findIdsByIdInAndStateIn(ids, BUILD_FINISHED));
    long every = properties.compile().waitPoll().toMillis();
    ticker.scheduleWithFixedDelay(this::pollOnce, every, every, TimeUnit.MILLISECONDS);
  }

  /** The job once finished, or as it is when the timeout passes. */
  public Job awaitJob(long jobId, Duration timeout) throws InterruptedException {
    Job job = jobs.findById(jobId).orElseThrow();
    if (job.state().isFinished()) {
      return job;
    }
    jobWaiters.await(jobId, timeout);
    return jobs.findById(jobId).orElseThrow();
  }

  /** The build once finished, or as it is when the timeout passes. */
  public Build awaitBuild(UUID buildId, Duration timeout) throws InterruptedException {
    Build build = builds.findById(buildId).orElseThrow();
    if (build.state().isFinished()) {
      return build;
    }
    buildWaiters.await(buildId, timeout);
    return builds.findById(buildId).orElseThrow();
  }

  private void pollOnce() {
    try {
      jobWaiters.poll();
      buildWaiters.poll();
    } catch (RuntimeException e) {
      // A database hiccup must not end the ticker: the waiters time out if it lasts.
      log.warn("checking waited-on builds failed: {}", e.toString());
    }
  }

  @Override
  public void destroy() {
    ticker.shutdownNow();
  }
}
