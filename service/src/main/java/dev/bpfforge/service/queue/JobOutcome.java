package dev.bpfforge.service.queue;

import dev.bpfforge.service.build.FailureKind;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.executor.Diagnostic;
import java.util.List;

/** What running a job produced, written back in one lease-fenced transaction. */
public record JobOutcome(
    boolean succeeded,
    FailureKind failureKind,
    String failure,
    String vmlinuxSource,
    List<Diagnostic> diagnostics,
    String log,
    List<JobArtifact> artifacts) {

  public static JobOutcome success(String vmlinuxSource, List<Diagnostic> diagnostics, String log, List<JobArtifact> artifacts) {
    return new JobOutcome(true, null, null, vmlinuxSource, diagnostics, log, artifacts);
  }

  public static JobOutcome failure(FailureKind kind, String failure, String vmlinuxSource, List<Diagnostic> diagnostics, String log) {
    return new JobOutcome(false, kind, failure, vmlinuxSource, diagnostics, log, List.of());
  }
}
