package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.build.BuildRepository;
import dev.bpfforge.service.build.FailureKind;
import dev.bpfforge.service.build.Job;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.build.JobRepository;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.executor.CompileJob;
import dev.bpfforge.service.executor.CompilePhase;
import dev.bpfforge.service.executor.CompileResult;
import dev.bpfforge.service.executor.Executors;
import dev.bpfforge.service.kernel.Kernel;
import dev.bpfforge.service.kernel.KernelCatalog;
import dev.bpfforge.service.metrics.CompileMetrics;
import dev.bpfforge.service.queue.ClaimedJob;
import dev.bpfforge.service.queue.JobHandler;
import dev.bpfforge.service.queue.JobOutcome;
import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.Toolchains;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a claimed job: rebuilds the compile from what the build stored (sources blob, options,
 * target kernel, toolchain, artifact kinds), hands it to the toolchain's executor, stores every
 * artifact made (with the target's manifest, when asked for) and reports the outcome. Everything
 * it reads is re-validated, as if it came from a client.
 */
@Component
public class CompileJobRunner implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(CompileJobRunner.class);

  private final BuildRepository builds;
  private final JobRepository jobs;
  private final EntityManager entities;
  private final KernelCatalog catalog;
  private final Toolchains toolchains;
  private final Executors executors;
  private final ArtifactStore artifacts;
  private final BpfForgeProperties.Limits limits;
  private final CompileMetrics metrics;

  CompileJobRunner(BuildRepository builds, JobRepository jobs, EntityManager entities, KernelCatalog catalog,
      Toolchains toolchains, Executors executors, ArtifactStore artifacts, BpfForgeProperties properties,
      CompileMetrics metrics) {
    this.metrics = metrics;
    this.builds = builds;
    this.jobs = jobs;
    this.entities = entities;
    this.catalog = catalog;
    this.toolchains = toolchains;
    this.executors = executors;
    this.artifacts = artifacts;
    this.limits = properties.limits();
  }

  @Override
  public JobOutcome run(ClaimedJob claimed) throws Exception {
    return metrics.time(claimed.toolchain(), CompilePhase.JOB, () -> {
      try {
        return compile(claimed);
      } catch (IOException e) {
        metrics.executorFailure(claimed.toolchain(), CompileMetrics.FailureReason.EXECUTOR_IO);
        throw e;
      }
    });
  }

  private JobOutcome compile(ClaimedJob claimed) throws IOException {
    Job job = jobs.findById(claimed.jobId()).orElseThrow();
    Build build = builds.findById(claimed.buildId()).orElseThrow();
    Kernel kernel = entities.find(Kernel.class, job.kernelId());
    Toolchain toolchain = toolchains.byId(job.toolchain());
    CompileOptions options = BuildOptions.fromMap(build.options(), limits.maxPathDepth());
    SourceTree sources = SourceArchive.read(artifacts.read(Sha256.parse(build.sourcesBlob())), limits);

    ArtifactSelection selection = BuildOptions.artifacts(build.options());
    String name = ArtifactName.of(Optional.ofNullable(build.name()), options.entry());
    Mcpu mcpu = Mcpu.parse(job.mcpu());

    long started = System.nanoTime();
    CompileResult result = executors.forToolchain(toolchain).compile(new CompileJob(sources, options, kernel.arch(),
        mcpu, kernel.btfSha256(), readOnce(() -> catalog.btf(kernel)), toolchain, kernel.release(), name, selection.produced()));
    String vmlinux = result.vmlinux().name().toLowerCase(Locale.ROOT);
    log.info("job {} of build {} ({} for {} {}) {} in {} ms; steps: {}", job.id(), build.id(), options.entry(),
        kernel.release().value(), kernel.arch().id(), result.succeeded() ? "compiled" : "failed: " + result.failure(),
        (System.nanoTime() - started) / 1_000_000, steps(result.durations()));
    // vmlinux.h is timed where it is generated (a cache hit is no phase); the plan's steps here.
    result.durations().forEach((step, took) ->
        CompilePhase.ofStep(step).ifPresent(phase -> metrics.record(toolchain.id(), phase, took)));
    if (!result.succeeded()) {
      metrics.executorFailure(toolchain.id(), reason(result.failure()));
      return JobOutcome.failure(kind(result.failure()), detail(result), vmlinux, result.diagnostics(), result.log());
    }
    List<TargetManifest.Entry> made = new ArrayList<>();
    result.artifacts().forEach((kind, content) -> made.add(new TargetManifest.Entry(kind, kind.fileName(name), content)));
    if (selection.produced().contains(ArtifactKind.MANIFEST)) {
      byte[] manifest = TargetManifest.write(name, sources, options,
          new TargetManifest.Kernel(kernel.release(), kernel.arch(), kernel.btfSha256()), toolchain, mcpu, made);
      made.add(new TargetManifest.Entry(ArtifactKind.MANIFEST, ArtifactKind.MANIFEST_FILE, manifest));
    }
    List<JobArtifact> stored = made.stream()
        .map(a -> new JobArtifact(a.kind().id(), a.name(), artifacts.store(a.content()).hex()))
        .toList();
    return JobOutcome.success(vmlinux, result.diagnostics(), result.log(), stored);
  }

  /** "clang 812 ms, skeleton 20 ms, ...": what each step of the plan took. */
  private static String steps(Map<String, Duration> durations) {
    return durations.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").collect(Collectors.joining(", "));
  }

  private static FailureKind kind(CompileResult.Failure failure) {
    return switch (failure) {
      case TIMEOUT -> FailureKind.TIMEOUT;
      case OUTPUT_LIMIT -> FailureKind.OUTPUT_LIMIT;
      case STEP_FAILED -> FailureKind.STEP_FAILED;
      case UNSUPPORTED -> FailureKind.UNSUPPORTED;
      default -> FailureKind.COMPILE_ERROR;
    };
  }

  private static CompileMetrics.FailureReason reason(CompileResult.Failure failure) {
    return switch (failure) {
      case TIMEOUT -> CompileMetrics.FailureReason.TIMEOUT;
      case OUTPUT_LIMIT -> CompileMetrics.FailureReason.OUTPUT_LIMIT;
      case STEP_FAILED -> CompileMetrics.FailureReason.STEP_FAILED;
      case UNSUPPORTED -> CompileMetrics.FailureReason.UNSUPPORTED;
      default -> CompileMetrics.FailureReason.COMPILE_ERROR;
    };
  }

  private static String detail(CompileResult result) {
    if (result.message() != null) {
      return result.message();
    }
    return switch (result.failure()) {
      case TIMEOUT -> "The compile ran past its time limit (bpfforge.sandbox.timeout wall clock, or bpfforge.sandbox.cpu-time) and was stopped:"
          + " simplify the program (macro expansion, huge initialisers) or ask the operator for more.";
      case OUTPUT_LIMIT -> "The compile produced an object larger than the artifact size limit (bpfforge.limits.max-artifact):"
          + " shrink static data, or strip=true to drop DWARF.";
      default -> {
        long errors = result.diagnostics().stream().filter(d -> d.severity().equals("error")).count();
        yield errors == 0 ? "The compiler failed; see log." : "The program has " + errors + " compile error(s); see diagnostics.";
      }
    };
  }

  /**
   * The kernel's BTF is read from the blob store at most once per job: a cold {@code vmlinux.h}
   * and the minimized BTF or {@code .so} steps both need it, and it is megabytes from S3.
   */
  private static Supplier<byte[]> readOnce(Supplier<byte[]> read) {
    return new Supplier<>() {
      private byte[] bytes;

      @Override
      public synchronized byte[] get() {
        if (bytes == null) {
          bytes = read.get();
        }
        return bytes;
      }
    };
  }
}
