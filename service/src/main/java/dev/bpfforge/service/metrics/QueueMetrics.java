package dev.bpfforge.service.metrics;

import dev.bpfforge.service.build.FailureKind;
import dev.bpfforge.service.queue.ClaimedJob;
import dev.bpfforge.service.queue.JobOutcome;
import dev.bpfforge.service.queue.QueueListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Counts what the queue does to jobs: started (one per attempt), completed by outcome and failure
 * kind, released, and lease expiries. Each process counts what it did itself; Prometheus sums
 * the replicas.
 */
@Component
class QueueMetrics implements QueueListener {
  private final MeterRegistry registry;

  QueueMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void claimed(ClaimedJob job) {
    Counter.builder("bpfforge.jobs.started").description("Jobs a worker claimed (each attempt counts)")
        .tag("toolchain", job.toolchain()).register(registry).increment();
  }

  @Override
  public void completed(ClaimedJob job, JobOutcome outcome) {
    finished(job.toolchain(), outcome.succeeded() ? null : outcome.failureKind());
  }

  @Override
  public void released(ClaimedJob job, boolean failed) {
    Counter.builder("bpfforge.jobs.released").description("Jobs a worker gave back unfinished (stopping, executor broke)")
        .tag("toolchain", job.toolchain()).register(registry).increment();
    if (failed) {
      finished(job.toolchain(), FailureKind.EXECUTOR_ERROR);
    }
  }

  @Override
  public void leaseExpired(String toolchain, boolean failed) {
    Counter.builder("bpfforge.queue.lease.expired").description("Jobs whose worker stopped renewing the lease")
        .tag("toolchain", toolchain).tag("result", failed ? "failed" : "requeued").register(registry).increment();
    if (failed) {
      finished(toolchain, FailureKind.LEASE_EXPIRED);
    }
  }

  private void finished(String toolchain, FailureKind failure) {
    Counter.builder("bpfforge.jobs.completed").description("Jobs finished, by outcome and failure kind")
        .tag("toolchain", toolchain)
        .tag("outcome", failure == null ? "succeeded" : "failed")
        .tag("failure", failure == null ? "none" : failure.name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
  }
}
