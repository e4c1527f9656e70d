package dev.bpfforge.service.executor;

import java.util.Locale;

/** The timed steps of a compile, as tagged on the {@code bpfforge.compile.duration} histogram. */
public enum CompilePhase {
  /** {@code bpftool btf dump ... format c}: only when the header is not cached yet. */
  VMLINUX_H,
  /** clang; in a Docker executor also the optional strip, which runs in the same container. */
  CLANG,
  /** {@code llvm-strip -g}, when asked for (local executor). */
  STRIP,
  /** The whole job as a worker runs it: reading sources, every step, storing the artifacts. */
  JOB;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
