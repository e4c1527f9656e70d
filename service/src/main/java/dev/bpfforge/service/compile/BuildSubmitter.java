package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.build.BuildRepository;
import dev.bpfforge.service.build.BuildState;
import dev.bpfforge.service.build.Job;
import dev.bpfforge.service.build.JobRepository;
import dev.bpfforge.service.build.JobState;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.kernel.Kernel;
import dev.bpfforge.service.kernel.KernelCatalog;
import dev.bpfforge.service.logging.LogContext;
import dev.bpfforge.service.metrics.CompileMetrics;
import dev.bpfforge.service.queue.WakeSignal;
import dev.bpfforge.service.security.TenantQueueQuota;
import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.Toolchains;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a request into a build: resolves every target (kernel, toolchain, ISA level, action key)
 * before anything is written, so a rejected request leaves nothing behind; then stores the
 * sources and writes the build and one job per target in one transaction. A target the action
 * cache answers is a finished job at once; the rest are queued for the workers.
 */
@Component
public class BuildSubmitter {
  private final KernelCatalog catalog;
  private final Toolchains toolchains;
  private final ArtifactStore artifacts;
  private final BuildRepository builds;
  private final JobRepository jobs;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final WakeSignal wake;
  private final Clock clock;
  private final BpfForgeProperties.Queue queue;
  private final TenantQueueQuota quota;
  private final CompileMetrics metrics;

  BuildSubmitter(KernelCatalog catalog, Toolchains toolchains, ArtifactStore artifacts, BuildRepository builds,
      JobRepository jobs, JdbcClient jdbc, TransactionTemplate tx, WakeSignal wake, Clock clock, BpfForgeProperties properties,
      TenantQueueQuota quota, CompileMetrics metrics) {
    this.quota = quota;
    this.metrics = metrics;
    this.catalog = catalog;
    this.toolchains = toolchains;
    this.artifacts = artifacts;
    this.builds = builds;
    this.jobs = jobs;
    this.jdbc = jdbc;
    this.tx = tx;
    this.wake = wake;
    this.clock = clock;
    this.queue = properties.queue();
  }

  /** A target resolved against the catalog and the installed toolchains. */
  record ResolvedTarget(Kernel kernel, Toolchain toolchain, Mcpu mcpu, Sha256 actionKey) {}

  public record Submitted(Build build, List<Job> jobs) {}

  /** Submits a build owned by {@code tenant}; 429 if its queued jobs would exceed the tenant's quota. */
  public Submitted submit(CompileRequest request, String tenant) {
    List<ResolvedTarget> targets = resolve(request);
    quota.checkQueued(tenant, targets.size());
    Sha256 sources = request.sources().digest();
    Sha256 sourcesBlob = artifacts.store(SourceArchive.write(request.sources()));
    Instant now = clock.instant();
    UUID id = UUID.randomUUID();
    // The rest of this request's log lines (and the worker's, see JobWorker) carry the build id.
    MDC.put(LogContext.BUILD_ID, id.toString());
    Submitted submitted = tx.execute(status -> {
      List<Job> created = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        ResolvedTarget t = targets.get(i);
        Job job = new Job(id, i, t.kernel().id(), t.toolchain().id(), t.mcpu().id(), t.actionKey().hex(), queue.maxAttempts(), now);
        if (!request.bypassCache()) {
          cached(t.actionKey()).ifPresent(source -> job.completeFromCache(source, now));
        }
        created.add(job);
      }
      Map<JobState, Long> states = new EnumMap<>(JobState.class);
      created.forEach(j -> states.merge(j.state(), 1L, Long::sum));
      Build build = builds.save(new Build(id, tenant, now, BuildState.of(states), request.name().orElse(null),
          request.version().orElse(null), request.options().entry().value(), sources.hex(), sourcesBlob.hex(),
          BuildOptions.toMap(request)));
      return new Submitted(build, jobs.saveAll(created));
    });
    // Counted once the build is committed: a rolled-back submit looked nothing up as far as anyone can tell.
    for (Job job : submitted.jobs()) {
      metrics.cacheLookup(job.toolchain(), request.bypassCache() ? CompileMetrics.CacheResult.BYPASS
          : job.cacheHit() ? CompileMetrics.CacheResult.HIT : CompileMetrics.CacheResult.MISS);
    }
    if (submitted.jobs().stream().anyMatch(j -> j.state() == JobState.QUEUED)) {
      wake.signalAll();
    }
    return submitted;
  }

  private List<ResolvedTarget> resolve(CompileRequest request) {
    List<TargetSpec> specs = request.targets().isEmpty() ? List.of(hostTarget(request)) : request.targets();
    if (specs.size() > queue.maxTargets()) {
      throw new InvalidRequestException("kernel", "A build may name at most " + queue.maxTargets() + " kernels, not " + specs.size() + ".");
    }
    List<ResolvedTarget> resolved = new ArrayList<>();
    for (TargetSpec spec : specs) {
      Kernel kernel = catalog.resolve(spec.release(), spec.arch());
      if (resolved.stream().anyMatch(r -> r.kernel().id().equals(kernel.id()))) {
        throw new InvalidRequestException("kernel", "Kernel " + kernel.release().value() + " (" + kernel.arch().id() + ") is named twice.");
      }
      Toolchain toolchain = toolchains.route(request.toolchain(), kernel.arch());
      Mcpu mcpu = request.options().mcpu().orElse(Mcpu.defaultFor(kernel.release()));
      if (toolchain.clangMajor() < mcpu.minimumClang()) {
        throw new InvalidRequestException("mcpu", "mcpu " + mcpu.id() + " needs clang " + mcpu.minimumClang()
            + " or newer; toolchain " + toolchain.id() + " has clang " + toolchain.clangVersion() + ".");
      }
      Sha256 key = ActionKey.of(request.sources().digest(), request.options(), kernel.btfSha256(), kernel.arch(), toolchain, mcpu,
          kernel.release(), ArtifactName.of(request.name(), request.options().entry()), request.artifact());
      resolved.add(new ResolvedTarget(kernel, toolchain, mcpu, key));
    }
    return resolved;
  }

  /** Without a kernel, this machine's own: the one registered at start-up. */
  private TargetSpec hostTarget(CompileRequest request) {
    KernelRelease host = KernelRelease.parse(System.getProperty("os.version"));
    if (catalog.find(host, Arch.host()).isEmpty()) {
      throw new InvalidRequestException("kernel", "Name the target kernel with the kernel field (see GET /v1/kernels).");
    }
    return new TargetSpec(host, Optional.of(Arch.host()));
  }

  /** The job whose artifacts answer this action key, if they are all still stored. */
  private Optional<Job> cached(Sha256 actionKey) {
    return jdbc.sql("select job_id from action_cache where action_key = :key")
        .param("key", actionKey.hex())
        .query(Long.class)
        .optional()
        .flatMap(jobs::findById)
        .filter(job -> job.state() == JobState.SUCCEEDED && !job.artifacts().isEmpty()
            && job.artifacts().stream().allMatch(a -> artifacts.exists(Sha256.parse(a.sha256()))));
  }
}
