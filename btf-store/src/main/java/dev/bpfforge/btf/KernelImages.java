package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The forms a kernel image takes, wherever it was found (uploaded alone or inside a package): a
 * vmlinux ELF, an x86 bzImage, an arm64 Image, or one of the latter two compressed whole (arm64
 * ships {@code Image.gz}; a vmlinux may be uploaded as {@code vmlinux.xz}).
 */
final class KernelImages {

  private KernelImages() {
  }

  /**
   * Finds the BTF, release and architecture in the image {@code file}.
   *
   * @return the format name, e.g. {@code bzImage+zstd}, {@code arm64-image+gzip}
   */
  static String extract(Path file, Sniffer.Sniffed sniffed, Extraction x) throws IOException {
    return switch (sniffed.kind()) {
      case ELF -> VmlinuxElf.extract(file, x);
      case BZIMAGE -> BzImage.extract(file, x);
      case ARM64_IMAGE -> Arm64Image.extract(file, x);
      case COMPRESSED -> compressed(file, sniffed.compression(), x);
      default -> throw x.invalid("not a kernel image: not an ELF, bzImage or arm64 Image ("
          + sniffed.firstBytes() + ")");
    };
  }

  private static String compressed(Path file, Compression compression, Extraction x) throws IOException {
    x.step(compression.displayName());
    Path inner = Decompression.toFile(file, 0, Long.MAX_VALUE, compression, x);
    Sniffer.Sniffed sniffed = Sniffer.sniff(inner);
    return switch (sniffed.kind()) {
      // Once only: an image compressed twice is no form a kernel ships in.
      case ELF -> VmlinuxElf.extract(inner, x) + "+" + compression.displayName();
      case ARM64_IMAGE -> Arm64Image.extract(inner, x) + "+" + compression.displayName();
      default -> throw x.invalid("the " + compression.displayName()
          + " data is not a kernel image: not an ELF or arm64 Image (" + sniffed.firstBytes() + ")");
    };
  }
}
