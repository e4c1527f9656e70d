package dev.bpfforge.service.build;

import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Waits for a build or job to finish by polling the database, which sees completions from
 * workers in any process. Backs off from 20 ms to 250 ms: a quick compile answers quickly, a long
 * one costs a few queries a second.
 */
@Component
public class BuildWaiter {
  private final BuildRepository builds;
  private final JobRepository jobs;

  BuildWaiter(BuildRepository builds, JobRepository jobs) {
    this.builds = builds;
    this.jobs = jobs;
  }

  public Job awaitJob(long jobId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 20;
    while (true) {
      Job job = jobs.findById(jobId).orElseThrow();
      if (job.state().isFinished() || System.nanoTime() >= deadline) {
        return job;
      }
      Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      pause = Math.min(250, pause * 2);
    }
  }

  public Build awaitBuild(UUID buildId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 20;
    while (true) {
      Build build = builds.findById(buildId).orElseThrow();
      if (build.state().isFinished() || System.nanoTime() >= deadline) {
        return build;
      }
      Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      pause = Math.min(250, pause * 2);
    }
  }
}
