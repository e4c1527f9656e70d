package dev.bpfforge.service.bundle;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.NotFoundException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.build.BuildRepository;
import dev.bpfforge.service.build.Job;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.build.JobRepository;
import dev.bpfforge.service.kernel.Kernel;
import jakarta.persistence.EntityManager;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads a build's targets and their files (with sizes) from the database. */
@Component
class BuildFilesReader {
  private final BuildRepository builds;
  private final JobRepository jobs;
  private final EntityManager entities;
  private final ArtifactStore artifacts;

  BuildFilesReader(BuildRepository builds, JobRepository jobs, EntityManager entities, ArtifactStore artifacts) {
    this.builds = builds;
    this.jobs = jobs;
    this.entities = entities;
    this.artifacts = artifacts;
  }

  /** The build with that id if it is {@code tenant}'s; another tenant's is "not found", so ids do not leak. */
  Build build(String id, String tenant) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("id", "Build id '" + id.replaceAll("[^\\w-]", "?") + "' is not a UUID.");
    }
    return builds.findByIdAndTenant(uuid, tenant).orElseThrow(() -> new NotFoundException("build", "No build has id " + uuid + "."));
  }

  BuildFiles read(Build build) {
    List<Job> found = jobs.findByBuildIdOrderByTargetIndex(build.id());
    Map<Sha256, Long> sizes = artifacts.sizes(found.stream()
        .flatMap(j -> j.artifacts().stream()).map(a -> Sha256.parse(a.sha256())).distinct().toList());
    List<BuildFiles.Target> targets = found.stream().map(job -> new BuildFiles.Target(job,
        entities.find(Kernel.class, job.kernelId()),
        job.artifacts().stream()
            .sorted(Comparator.comparing(JobArtifact::name))
            .map(a -> file(a, sizes))
            .toList()))
        .toList();
    return new BuildFiles(build, targets);
  }

  private static BuildFiles.File file(JobArtifact artifact, Map<Sha256, Long> sizes) {
    Sha256 digest = Sha256.parse(artifact.sha256());
    Long size = sizes.get(digest);
    if (size == null) { // job_artifacts references artifacts: a missing row is a broken database, not a request error
      throw new IllegalStateException("artifact " + digest + " of a job has no row");
    }
    return new BuildFiles.File(artifact.kind(), artifact.name(), digest, size);
  }
}
