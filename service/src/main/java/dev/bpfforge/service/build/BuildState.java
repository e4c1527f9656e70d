package dev.bpfforge.service.build;

import java.util.Map;

/** A build's state, derived from its jobs' states. */
public enum BuildState {
  QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, CANCELLED;

  public boolean isFinished() {
    return this != QUEUED && this != RUNNING;
  }

  /**
   * QUEUED until a job starts; RUNNING while any job is unfinished; then SUCCEEDED if every job
   * did, CANCELLED if the user cancelled any, FAILED if none succeeded, else PARTIAL.
   */
  public static BuildState of(Map<JobState, Long> jobs) {
    long total = jobs.values().stream().mapToLong(Long::longValue).sum();
    long queued = jobs.getOrDefault(JobState.QUEUED, 0L);
    long running = jobs.getOrDefault(JobState.RUNNING, 0L);
    long succeeded = jobs.getOrDefault(JobState.SUCCEEDED, 0L);
    if (queued + running > 0) {
      return queued == total ? QUEUED : RUNNING;
    }
    if (succeeded == total) return SUCCEEDED;
    if (jobs.getOrDefault(JobState.CANCELLED, 0L) > 0) return CANCELLED;
    return succeeded == 0 ? FAILED : PARTIAL;
  }
}
