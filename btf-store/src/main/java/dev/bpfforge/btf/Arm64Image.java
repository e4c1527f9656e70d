package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * An arm64 {@code Image}: the kernel as a flat binary behind a 64-byte header
 * (Documentation/arch/arm64/booting.rst). Flat means no section table, so the BTF is found by
 * its header ({@link EmbeddedBtf}) and the release by its banner, both within the image.
 */
final class Arm64Image {

  static final String FORMAT = "arm64-image";
  private static final long MAX_BTF = 256L * 1024 * 1024;

  private Arm64Image() {
  }

  static String extract(Path file, Extraction x) throws IOException {
    x.facts().arch(Arch.ARM64, "the arm64 Image header");
    x.step("arm64 Image");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      EmbeddedBtf.Found found = EmbeddedBtf.find(channel, Math.min(MAX_BTF, x.limits().maxOutputBytes()), x)
          .orElseThrow(() -> x.invalid("no BTF in the image (a kernel built without CONFIG_DEBUG_INFO_BTF?)"));
      x.step(String.format(Locale.ROOT, "BTF at 0x%x (%s)", found.offset(), Extraction.size(found.btf().size())));
      BannerScanner.find(channel, 0, channel.size())
          .ifPresent(r -> x.facts().release(r, "the image's Linux version banner"));
      x.found(found.btf());
    }
    return FORMAT;
  }
}
