package dev.bpfforge.service.metrics;

import dev.bpfforge.service.executor.CompilePhase;
import dev.bpfforge.service.executor.PhaseTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The compile path's meters: a duration histogram per toolchain and phase, action cache lookups,
 * and executor failures by reason. Meters are looked up by name and tags on each use (Micrometer
 * caches them), so a new toolchain or phase needs no registration.
 */
@Component
public class CompileMetrics implements PhaseTimer {
  /** Why a compile produced nothing, as tagged on {@code bpfforge.executor.failures}. */
  public enum FailureReason { COMPILE_ERROR, TIMEOUT, OUTPUT_LIMIT, STEP_FAILED, UNSUPPORTED, EXECUTOR_IO }

  /** What the action cache said for one target. */
  public enum CacheResult { HIT, MISS, BYPASS }

  private final MeterRegistry registry;

  CompileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void record(String toolchain, CompilePhase phase, Duration duration) {
    Timer.builder("bpfforge.compile.duration")
        .description("Time of one compile step, per toolchain and phase")
        .tag("toolchain", toolchain)
        .tag("phase", phase.tag())
        // Buckets for Prometheus' histogram_quantile, from a cached clang run to a slow cold vmlinux.h.
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(duration);
  }

  public void executorFailure(String toolchain, FailureReason reason) {
    Counter.builder("bpfforge.executor.failures")
        .description("Compiles that produced no object, by reason (the program's fault or the executor's)")
        .tag("toolchain", toolchain)
        .tag("reason", reason.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void cacheLookup(String toolchain, CacheResult result) {
    Counter.builder("bpfforge.cache.lookups")
        .description("Action cache lookups per target: hit, miss, or bypass (cache=bypass)")
        .tag("toolchain", toolchain)
        .tag("result", result.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}
