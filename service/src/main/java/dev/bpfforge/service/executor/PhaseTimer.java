package dev.bpfforge.service.executor;

import java.time.Duration;

/**
 * Where a compile's steps report how long they took, per toolchain and phase (the metrics
 * histogram). Phases are named by {@link CompilePhase}; a step added to the compile plan adds its
 * phase there and reports it here.
 */
@FunctionalInterface
public interface PhaseTimer {
  PhaseTimer NONE = (toolchain, phase, duration) -> {};

  void record(String toolchain, CompilePhase phase, Duration duration);

  /** A step that may fail with an {@link java.io.IOException}. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws java.io.IOException;
  }

  /** Runs {@code step} and records its duration, whether it returned or threw. */
  default <T> T time(String toolchain, CompilePhase phase, Step<T> step) throws java.io.IOException {
    long started = System.nanoTime();
    try {
      return step.run();
    } finally {
      record(toolchain, phase, Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
