package dev.bpfforge.service.queue;

/**
 * What happens to jobs in the queue, told to whoever counts it (the metrics). Called after the
 * change committed, so a count is never of something rolled back; a listener must not throw.
 */
public interface QueueListener {
  QueueListener NONE = new QueueListener() {};

  /** A worker claimed the job (one call per attempt). */
  default void claimed(ClaimedJob job) {}

  /** The worker's outcome was recorded under its lease. */
  default void completed(ClaimedJob job, JobOutcome outcome) {}

  /**
   * A worker gave the job back without a result (stopping, or its executor broke); {@code failed}
   * when that used its last attempt, else it is queued again.
   */
  default void released(ClaimedJob job, boolean failed) {}

  /** A job's lease ran out; {@code failed} when that used its last attempt, else it is queued again. */
  default void leaseExpired(String toolchain, boolean failed) {}
}
