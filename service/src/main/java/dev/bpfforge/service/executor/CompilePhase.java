package dev.bpfforge.service.executor;

import java.util.Locale;

/** The timed steps of a compile, as tagged on the {@code bpfforge.compile.duration} histogram. */
public enum CompilePhase {
  /** {@code bpftool btf dump ... format c}: only when the header is not cached yet. */
  VMLINUX_H,
  /** clang. */
  CLANG,
  /** {@code llvm-strip -g}, when asked for. */
  STRIP,
  /** {@code bpftool gen skeleton}, for the skeleton header and the loader. */
  SKELETON,
  /** {@code bpftool gen min_core_btf}. */
  MIN_BTF,
  /** {@code bpfforge-link-so}: the loader shared library. */
  LINK,
  /** The whole job as a worker runs it: reading sources, every step, storing the artifacts. */
  JOB;

  /** The phase of a compile plan step as {@link CompileResult#durations()} names it ("min_btf"). */
  public static java.util.Optional<CompilePhase> ofStep(String step) {
    return java.util.Arrays.stream(values()).filter(p -> p.tag().equals(step)).findFirst();
  }

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
