package dev.bpfforge.service.build;

import dev.bpfforge.service.executor.Diagnostic;
import dev.bpfforge.service.kernel.Kernel;
import dev.bpfforge.service.queue.JobQueue;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Builds and their targets as the API shows them. */
@Component
public class BuildViews {
  private final JobRepository jobs;
  private final EntityManager entities;
  private final JobQueue queue;

  BuildViews(JobRepository jobs, EntityManager entities, JobQueue queue) {
    this.jobs = jobs;
    this.entities = entities;
    this.queue = queue;
  }

  public record ArtifactView(String kind, String name, String sha256, String href) {}

  public record FailureView(String kind, String message) {}

  public record TargetView(
      int index, String release, String arch, String toolchain, String mcpu, String state, int attempts, String worker,
      Long queuePosition, Instant queuedAt, Instant startedAt, Instant finishedAt, boolean cacheHit, String vmlinux,
      FailureView failure, List<Diagnostic> diagnostics, List<ArtifactView> artifacts, String log) {}

  public record BuildView(
      UUID id, String state, String name, String version, Instant createdAt, Instant finishedAt, String entry,
      String sourceSha256, Map<String, Object> options, List<TargetView> targets) {}

  /** A build in the list: no per-target detail. */
  public record BuildSummary(UUID id, String state, String name, String version, Instant createdAt, Instant finishedAt, String entry) {}

  public BuildView of(Build b) {
    List<TargetView> targets = jobs.findByBuildIdOrderByTargetIndex(b.id()).stream().map(j -> target(b, j)).toList();
    return new BuildView(b.id(), b.state().name(), b.name(), b.version(), b.createdAt(), b.finishedAt(), b.entry(),
        b.sourceSha256(), b.options(), targets);
  }

  public static BuildSummary summary(Build b) {
    return new BuildSummary(b.id(), b.state().name(), b.name(), b.version(), b.createdAt(), b.finishedAt(), b.entry());
  }

  private TargetView target(Build b, Job j) {
    Kernel kernel = entities.find(Kernel.class, j.kernelId());
    return new TargetView(j.targetIndex(), kernel.release().value(), kernel.arch().id(), j.toolchain(), j.mcpu(),
        j.state().name(), j.attempts(), j.worker(),
        j.state() == JobState.QUEUED ? queue.queuePosition(j.id()) : null,
        j.queuedAt(), j.startedAt(), j.finishedAt(), j.cacheHit(), j.vmlinuxSource(),
        j.failureKind() == null ? null : new FailureView(j.failureKind().name(), j.failure()),
        j.diagnostics(),
        j.artifacts().stream().map(a -> new ArtifactView(a.kind(), a.name(), a.sha256(), "/v1/artifacts/" + a.sha256())).toList(),
        "/v1/builds/" + b.id() + "/targets/" + j.targetIndex() + "/log");
  }
}
