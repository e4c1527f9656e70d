package dev.bpfforge.btf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Takes a kernel's BTF out of any form a kernel ships in, the format told by the bytes, never by
 * the file name:
 * <ul>
 *   <li>raw BTF ({@code /sys/kernel/btf/vmlinux}), plain or compressed with gzip, xz, zstd or bzip2;
 *   <li>a vmlinux ELF: its {@code .BTF} section; the release from its {@code Linux version} banner;
 *   <li>an x86 bzImage (vmlinuz) with a gzip, xz, zstd, lz4, bzip2 or lzma payload; an arm64
 *       {@code Image} or {@code Image.gz};
 *   <li>a Debian/Ubuntu {@code .deb} or an {@code .rpm} kernel package: the image inside, with
 *       release, architecture and distribution from the package;
 *   <li>a BTFHub archive entry, {@code <release>.btf.tar.xz};
 *   <li>a vmlinux with DWARF but no BTF: BTF made with {@code pahole -J}, if a
 *       {@link PaholeBtfEncoder} is given.
 * </ul>
 *
 * <p>Every step is bounded by {@link ExtractLimits}. Intermediate files (a decompressed vmlinux,
 * a package's kernel image) go to a private directory under the temp dir given here, deleted
 * before {@link #extract} returns, whatever happens; nothing else is written. The extractor
 * stores nothing: a caller that stores only what {@code extract} returns never holds a half
 * result. Instances are immutable and may be shared between threads.
 */
public final class KernelBtfExtractor {

  private final Path tempDir;
  private final PaholeBtfEncoder pahole;

  /**
   * An extractor that refuses kernels without BTF.
   *
   * @param tempDir where each extraction makes, and removes, its private work directory
   */
  public KernelBtfExtractor(Path tempDir) {
    this(tempDir, null);
  }

  /**
   * @param tempDir where each extraction makes, and removes, its private work directory
   * @param pahole makes BTF from DWARF for kernels that have none; {@code null} to refuse them
   */
  public KernelBtfExtractor(Path tempDir, PaholeBtfEncoder pahole) {
    this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    this.pahole = pahole;
  }

  /**
   * Extracts the BTF of the kernel in {@code upload}.
   *
   * @param upload the uploaded file, already spooled to disk by the caller; it is only read
   * @return the BTF, validated, and what the upload says about its kernel
   * @throws InvalidBtfException if the upload is in no known format, or a step finds it corrupt;
   *     the message names the step, e.g. {@code deb: data.tar.xz: boot/vmlinuz-6.1.0-50-amd64:
   *     bzImage: zstd payload at 0x52cc (11.0 MiB): vmlinux ELF: .BTF 4.5 MiB: string section does
   *     not end with NUL}
   * @throws UnsafeArchiveException if an archive member escapes the archive or the kernel image is a link
   * @throws InputTooLargeException if the upload, or what any step decompresses, passes a limit
   *     ({@link RatioLimitException} for the ratio)
   * @throws IOException if reading the upload or writing the work directory fails
   */
  public ExtractedKernel extract(Path upload, ExtractLimits limits) throws IOException {
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(limits, "limits");
    long size = Files.size(upload);
    if (size > limits.maxInputBytes()) {
      throw new InputTooLargeException("upload of " + size + " bytes", limits.maxInputBytes());
    }
    Path workDir = Files.createTempDirectory(tempDir, "btf-extract-");
    ExtractedKernel result;
    try {
      Extraction x = new Extraction(limits, workDir, pahole);
      result = x.result(dispatch(upload, x));
    } catch (IOException | RuntimeException | Error e) {
      try {
        deleteTree(workDir);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup); // the extraction's own failure is the one to report
      }
      throw e;
    }
    deleteTree(workDir);
    return result;
  }

  private static String dispatch(Path upload, Extraction x) throws IOException {
    Sniffer.Sniffed sniffed = Sniffer.sniff(upload);
    return switch (sniffed.kind()) {
      case BTF -> RawBtfFile.extract(upload, x);
      case ELF, BZIMAGE, ARM64_IMAGE -> KernelImages.extract(upload, sniffed, x);
      case DEB -> DebPackage.extract(upload, x);
      case RPM -> RpmPackage.extract(upload, x);
      case TAR -> btfHub(upload, x);
      case COMPRESSED -> compressed(upload, sniffed.compression(), x);
      case UNKNOWN -> throw x.invalid("unrecognised format (" + sniffed.firstBytes() + "): expected BTF,"
          + " a vmlinux, bzImage or arm64 Image, a .deb or .rpm kernel package, or a BTFHub .btf.tar.xz");
    };
  }

  /** A compressed upload: BTF, a BTFHub tar or a kernel image, compressed once. */
  private static String compressed(Path upload, Compression compression, Extraction x) throws IOException {
    String suffix = "+" + compression.displayName();
    x.step(compression.displayName());
    Path inner = Decompression.toFile(upload, 0, Long.MAX_VALUE, compression, x);
    Sniffer.Sniffed sniffed = Sniffer.sniff(inner);
    return switch (sniffed.kind()) {
      case BTF -> RawBtfFile.extract(inner, x) + suffix;
      case TAR -> btfHub(inner, x);
      case ELF, ARM64_IMAGE -> KernelImages.extract(inner, sniffed, x) + suffix;
      default -> throw x.invalid("the " + compression.displayName() + " data holds no known format ("
          + sniffed.firstBytes() + "): expected BTF, a BTFHub tar, a vmlinux or an arm64 Image");
    };
  }

  private static String btfHub(Path tar, Extraction x) throws IOException {
    try (InputStream in = new BufferedInputStream(FileSlice.open(tar, 0, Long.MAX_VALUE))) {
      return BtfHubArchive.extract(in, x);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
