package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Raw BTF uploaded as it is, e.g. a copy of a kernel's {@code /sys/kernel/btf/vmlinux}. */
final class RawBtfFile {

  static final String FORMAT = "btf";
  private static final long MAX_BTF = 256L * 1024 * 1024;

  private RawBtfFile() {
  }

  static String extract(Path file, Extraction x) throws IOException {
    long size = Files.size(file);
    long limit = Math.min(MAX_BTF, x.limits().maxOutputBytes());
    if (size > limit) {
      throw x.tooLarge("BTF of " + size + " bytes", limit);
    }
    x.step("BTF: " + Extraction.size(size));
    x.found(x.parseBtf(Files.readAllBytes(file)));
    return FORMAT;
  }
}
