package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.build.ActionCacheEntry;
import dev.bpfforge.service.build.ActionCacheRepository;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.build.BuildArtifact;
import dev.bpfforge.service.build.BuildRepository;
import dev.bpfforge.service.executor.CompileJob;
import dev.bpfforge.service.executor.CompileResult;
import dev.bpfforge.service.executor.LocalExecutor;
import dev.bpfforge.service.kernel.Kernel;
import dev.bpfforge.service.kernel.KernelCatalog;
import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.Toolchains;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One compile from request to artifact: resolve the target kernel and toolchain, derive the action
 * key, answer from the action cache when it can, else run the executor, store the object and
 * record the build. Validation happens before the first row is written, so a rejected request
 * leaves nothing behind; a compile that fails is recorded as a failed build.
 */
@Component
public class CompilePipeline {
  private static final Logger log = LoggerFactory.getLogger(CompilePipeline.class);
  static final String OBJECT = "o";

  private final KernelCatalog catalog;
  private final Toolchains toolchains;
  private final LocalExecutor executor;
  private final ArtifactStore artifacts;
  private final BuildRepository builds;
  private final ActionCacheRepository actionCache;
  private final Clock clock;

  CompilePipeline(KernelCatalog catalog, Toolchains toolchains, LocalExecutor executor, ArtifactStore artifacts,
      BuildRepository builds, ActionCacheRepository actionCache, Clock clock) {
    this.catalog = catalog;
    this.toolchains = toolchains;
    this.executor = executor;
    this.artifacts = artifacts;
    this.builds = builds;
    this.actionCache = actionCache;
    this.clock = clock;
  }

  public CompileOutcome compile(CompileRequest request) {
    Kernel kernel = target(request);
    Toolchain toolchain = toolchains.route(request.toolchain(), kernel.arch());
    Mcpu mcpu = request.options().mcpu().orElse(Mcpu.defaultFor(kernel.release()));
    if (toolchain.clangMajor() < mcpu.minimumClang()) {
      throw new InvalidRequestException("mcpu", "mcpu " + mcpu.id() + " needs clang " + mcpu.minimumClang()
          + " or newer; toolchain " + toolchain.id() + " has clang " + toolchain.clangVersion() + ".");
    }
    Sha256 sources = request.sources().digest();
    Sha256 key = ActionKey.of(sources, request.options(), kernel.btfSha256(), kernel.arch(), toolchain, mcpu);
    Build build = new Build(UUID.randomUUID(), clock.instant(), request.options().entry().value(), kernel.id(),
        toolchain.id(), mcpu.id(), recordedOptions(request, kernel), sources.hex(), key.hex());

    if (!request.bypassCache()) {
      Optional<CompileOutcome> hit = fromCache(key, build);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    builds.save(build);
    CompileResult result = run(new CompileJob(request.sources(), request.options(), kernel.arch(), mcpu,
        kernel.btfSha256(), () -> catalog.btf(kernel), toolchain));
    String vmlinux = result.vmlinux().name().toLowerCase(Locale.ROOT);
    if (!result.succeeded()) {
      build.fail(clock.instant(), vmlinux, result.diagnostics(), result.log());
      builds.save(build);
      throw new CompileFailedException(failureDetail(result), build.id(), result.diagnostics(), result.log());
    }
    Sha256 object = artifacts.store(result.object());
    String objectName = request.options().entry().stem() + ".o";
    build.addArtifact(OBJECT, objectName, object.hex());
    build.succeed(clock.instant(), false, vmlinux, result.diagnostics(), result.log());
    Build saved = builds.save(build);
    actionCache.save(new ActionCacheEntry(key.hex(), saved.id(), clock.instant()));
    log.info("build {} compiled {} for {} ({}) with {}", saved.id(), objectName, kernel.release().value(), kernel.arch().id(), toolchain.id());
    return new CompileOutcome(saved, objectName, result.object(), false, result.vmlinux());
  }

  /** The kernel the request targets; without one, this host's own kernel. */
  private Kernel target(CompileRequest request) {
    Optional<KernelRelease> release = request.kernel();
    if (release.isEmpty()) {
      Arch arch = request.arch().orElse(Arch.host());
      return catalog.find(KernelRelease.parse(System.getProperty("os.version")), arch)
          .orElseThrow(() -> new InvalidRequestException("kernel", "Name the target kernel with the kernel field (see GET /v1/kernels)."));
    }
    return catalog.resolve(release.get(), request.arch());
  }

  private Optional<CompileOutcome> fromCache(Sha256 key, Build build) {
    Optional<Build> cached = actionCache.findById(key.hex()).flatMap(entry -> builds.findById(entry.buildId()));
    Optional<BuildArtifact> object = cached.flatMap(b -> b.artifacts().stream().filter(a -> a.kind().equals(OBJECT)).findFirst());
    if (object.isEmpty() || !artifacts.exists(Sha256.parse(object.get().sha256()))) {
      return Optional.empty();
    }
    Build source = cached.get();
    source.artifacts().forEach(a -> build.addArtifact(a.kind(), a.name(), a.sha256()));
    build.succeed(clock.instant(), true, source.vmlinuxSource(), source.diagnostics(), source.log());
    Build saved = builds.save(build);
    byte[] bytes = artifacts.read(Sha256.parse(object.get().sha256()));
    return Optional.of(new CompileOutcome(saved, object.get().name(), bytes, true,
        CompileResult.VmlinuxSource.valueOf(source.vmlinuxSource().toUpperCase(Locale.ROOT))));
  }

  private CompileResult run(CompileJob job) {
    try {
      return executor.compile(job);
    } catch (IOException e) {
      throw new UncheckedIOException("executor failed", e);
    }
  }

  private static String failureDetail(CompileResult result) {
    return switch (result.failure()) {
      case TIMEOUT -> "The compile ran past its time limit and was stopped.";
      case OUTPUT_LIMIT -> "The compile produced an object larger than the artifact size limit.";
      default -> {
        long errors = result.diagnostics().stream().filter(d -> d.severity().equals("error")).count();
        yield errors == 0 ? "The compiler failed; see log." : "The program has " + errors + " compile error(s); see diagnostics.";
      }
    };
  }

  private static Map<String, Object> recordedOptions(CompileRequest request, Kernel kernel) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("release", kernel.release().value());
    options.put("arch", kernel.arch().id());
    options.put("include", request.options().includeDirs());
    options.put("define", request.options().defines().stream().map(Define::toFlag).toList());
    options.put("strip", request.options().strip());
    options.put("artifact", request.artifact().id());
    options.put("cache", request.bypassCache() ? "bypass" : "use");
    return options;
  }
}
