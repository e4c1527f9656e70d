package dev.bpfforge.service.compile;

import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.api.InvalidRequestException;
import java.util.Locale;

/**
 * The BPF instruction set level ({@code clang -mcpu}). Each level needs a kernel that verifies its
 * instructions: v2 from 4.14, v3 (ALU32, JMP32) from 5.1, v4 (sign-extension, bswap, gotol) from
 * 6.6 and clang 18. The default for a target is the highest its kernel runs, capped at v3 because
 * v4 needs a newer clang than most toolchains hold and gains little for CO-RE programs.
 */
public enum Mcpu {
  V1, V2, V3, V4;

  public static Mcpu parse(String raw) {
    try {
      return valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("mcpu", "mcpu '" + SourcePath.printable(raw) + "' is not one of v1, v2, v3, v4.");
    }
  }

  public static Mcpu defaultFor(KernelRelease kernel) {
    if (kernel.isAtLeast(5, 1)) return V3;
    if (kernel.isAtLeast(4, 14)) return V2;
    return V1;
  }

  /** The lowest clang major version that emits this level. */
  public int minimumClang() {
    return this == V4 ? 18 : 0;
  }

  public String flag() {
    return "-mcpu=" + id();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
