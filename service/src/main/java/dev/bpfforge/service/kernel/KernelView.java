package dev.bpfforge.service.kernel;

import java.time.Instant;

/** A kernel as the API shows it. */
record KernelView(
    String release, String arch, String btfSha256, long btfSize, int typeCount, String sourceFormat, Instant uploadedAt) {

  static KernelView of(Kernel k) {
    return new KernelView(k.release().value(), k.arch().id(), k.btfSha256().hex(), k.btfSize(), k.typeCount(),
        k.sourceFormat(), k.uploadedAt());
  }
}
