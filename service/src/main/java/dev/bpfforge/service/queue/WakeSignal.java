package dev.bpfforge.service.queue;

import java.time.Duration;

/**
 * Wakes idle workers of this process when a job is queued, so a synchronous compile does not
 * wait a poll interval. Workers in other processes still find the job by polling.
 */
public final class WakeSignal {
  private long generation;

  public synchronized void signalAll() {
    generation++;
    notifyAll();
  }

  /** Waits for a signal or the timeout, whichever comes first. */
  public synchronized void await(Duration timeout) throws InterruptedException {
    long seen = generation;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (generation == seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
