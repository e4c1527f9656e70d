package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.ApiException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.build.BuildWaiter;
import dev.bpfforge.service.build.Job;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.build.JobState;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.security.Caller;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /v1/compile}: synchronous and curl-friendly, the artifact is the response body. A
 * thin wrapper over the build path: submit a one-target build, wait for its job, answer with it.
 */
@RestController
class CompileController {
  private final BuildSubmitter submitter;
  private final BuildWaiter waiter;
  private final ArtifactStore artifacts;
  private final CompileRequestParser parser;
  private final Duration wait;

  CompileController(BuildSubmitter submitter, BuildWaiter waiter, ArtifactStore artifacts, BpfForgeProperties properties) {
    this.submitter = submitter;
    this.waiter = waiter;
    this.artifacts = artifacts;
    this.parser = new CompileRequestParser(properties.limits());
    this.wait = properties.compile().maxWait();
  }

  @PostMapping(path = "/v1/compile", consumes = "multipart/form-data")
  ResponseEntity<byte[]> compile(MultipartHttpServletRequest http, Caller caller) throws IOException, InterruptedException {
    CompileRequest request = parser.parseCompile(http);
    BuildSubmitter.Submitted submitted = submitter.submit(request, caller.tenant());
    UUID buildId = submitted.build().id();
    Job job = waiter.awaitJob(submitted.jobs().get(0).id(), wait);
    if (job.state() != JobState.SUCCEEDED) {
      throw failure(job, buildId);
    }
    // The request's kinds, as the job stored them (the object is always among them).
    Map<String, JobArtifact> byKind = new TreeMap<>();
    job.artifacts().forEach(a -> byKind.put(a.kind(), a));
    List<JobArtifact> wanted = request.artifact().requested().stream().map(k -> byKind.get(k.id())).filter(Objects::nonNull).toList();
    byte[] body;
    String fileName;
    MediaType type;
    if (request.artifact().isSingle() && wanted.size() == 1) {
      JobArtifact only = wanted.get(0);
      body = artifacts.read(Sha256.parse(only.sha256()));
      fileName = only.name();
      type = MediaType.parseMediaType(ArtifactKind.parse(only.kind()).contentType());
    } else {
      Map<String, byte[]> files = new TreeMap<>();
      wanted.forEach(a -> files.put(a.name(), artifacts.read(Sha256.parse(a.sha256()))));
      body = ArtifactArchive.tarGz(files);
      fileName = ArtifactName.of(request.name(), request.options().entry()) + ".tar.gz";
      type = MediaType.parseMediaType("application/gzip");
    }
    return ResponseEntity.ok()
        .contentType(type)
        .eTag("\"" + Sha256.of(body).hex() + "\"")
        .header("Content-Disposition", ContentDisposition.attachment().filename(fileName).build().toString())
        .header("X-BpfForge-Build", buildId.toString())
        .header("X-BpfForge-Cache", job.cacheHit() ? "hit" : "miss")
        .header("X-BpfForge-Vmlinux", job.vmlinuxSource())
        .body(body);
  }

  private static ApiException failure(Job job, UUID buildId) {
    if (!job.state().isFinished()) {
      return new BuildNotReadyException(buildId);
    }
    if (job.state() == JobState.FAILED && job.failureKind() != null && job.failureKind().isUserError()) {
      return new CompileFailedException(job.failure(), buildId, job.diagnostics(), job.log());
    }
    return new CompileUnavailableException(buildId, job.state() == JobState.CANCELLED
        ? "The build was cancelled before it finished."
        : "The compile could not run: " + job.failure() + ". Retry; if it persists, tell the operator.");
  }

  /** The wait ended with the build still queued or running. */
  static class BuildNotReadyException extends ApiException {
    private final UUID buildId;

    BuildNotReadyException(UUID buildId) {
      super(HttpStatus.GATEWAY_TIMEOUT, "build-not-ready", "Build not finished",
          "The build is still queued or running; poll GET /v1/builds/" + buildId + "?wait=30s for it.");
      this.buildId = buildId;
    }

    @Override
    public Map<String, Object> properties() {
      return Map.of("build", buildId.toString());
    }
  }

  /** The service, not the program, kept the compile from finishing. */
  static class CompileUnavailableException extends ApiException {
    private final UUID buildId;

    CompileUnavailableException(UUID buildId, String detail) {
      super(HttpStatus.SERVICE_UNAVAILABLE, "compile-unavailable", "Compile could not run", detail);
      this.buildId = buildId;
    }

    @Override
    public Map<String, Object> properties() {
      return Map.of("build", buildId.toString());
    }
  }
}
