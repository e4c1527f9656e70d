package dev.bpfforge.service.compile;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import java.util.Optional;

/** A target a request names: {@code RELEASE} or {@code RELEASE@ARCH}. */
public record TargetSpec(KernelRelease release, Optional<Arch> arch) {
  public static TargetSpec parse(String raw, Optional<Arch> defaultArch) {
    int at = raw.lastIndexOf('@');
    if (at < 0) {
      return new TargetSpec(KernelRelease.parse(raw), defaultArch);
    }
    return new TargetSpec(KernelRelease.parse(raw.substring(0, at)), Optional.of(Arch.parse(raw.substring(at + 1))));
  }
}
