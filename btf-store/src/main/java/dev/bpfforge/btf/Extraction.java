package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The state of one extraction: its limits and work directory, the steps taken so far, and what
 * has been learnt about the kernel.
 *
 * <p>Steps are only ever appended, so when something fails the steps taken are exactly the path
 * to the failure: every exception made here starts with them, e.g. {@code deb: data.tar.xz:
 * boot/vmlinuz-6.1.0-50-amd64: bzImage: zstd payload at 0x52cc: corrupt zstd data: ...}.
 */
final class Extraction {

  private static final int MAX_REASON = 200;

  private final ExtractLimits limits;
  private final Path workDir;
  private final PaholeBtfEncoder pahole;
  private final List<String> steps = new ArrayList<>();
  private final KernelFacts facts = new KernelFacts(this);
  private Btf btf;

  Extraction(ExtractLimits limits, Path workDir, PaholeBtfEncoder pahole) {
    this.limits = limits;
    this.workDir = workDir;
    this.pahole = pahole;
  }

  ExtractLimits limits() {
    return limits;
  }

  Path workDir() {
    return workDir;
  }

  Optional<PaholeBtfEncoder> pahole() {
    return Optional.ofNullable(pahole);
  }

  KernelFacts facts() {
    return facts;
  }

  void step(String step) {
    steps.add(step);
  }

  /** A new empty file in the work directory, which the extractor deletes at the end. */
  Path tempFile() throws IOException {
    return Files.createTempFile(workDir, "stage-", ".bin");
  }

  InvalidBtfException invalid(String reason) {
    return new InvalidBtfException(located(reason));
  }

  InvalidBtfException invalid(String reason, Throwable cause) {
    return new InvalidBtfException(located(reason), cause);
  }

  UnsafeArchiveException unsafe(String reason) {
    return new UnsafeArchiveException(located(reason));
  }

  InputTooLargeException tooLarge(String what, long limitBytes) {
    return new InputTooLargeException(located(what), limitBytes);
  }

  RatioLimitException ratioExceeded(long compressedBytes, long limitBytes) {
    return new RatioLimitException(located("decompressed data"), limits.maxRatio(), compressedBytes, limitBytes);
  }

  /**
   * What to throw for an exception a decoder or archive reader raised on {@code what}: the
   * module's own exceptions pass unchanged (a library may have wrapped one), a failure to read
   * our own files is rethrown as the I/O error it is, and anything else means corrupt input.
   */
  InvalidBtfException corrupt(String what, Exception e) throws IOException {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BtfStoreException ours) {
        throw ours;
      }
      if (t instanceof org.apache.commons.compress.MemoryLimitException
          || t instanceof org.tukaani.xz.MemoryLimitException) {
        // A forged or extreme header asks for a dictionary larger than we allow.
        throw tooLarge("memory needed to decompress " + what, InputFormat.XZ_MEMORY_LIMIT_KIB * 1024L);
      }
    }
    IOException source = BtfInput.sourceFailure(e);
    if (source != null) {
      throw source;
    }
    return invalid("corrupt " + what + ": " + Untrusted.echo(BtfInput.describe(e), MAX_REASON), e);
  }

  /** Parses BTF found at the current step, its defects reported at that step. */
  Btf parseBtf(byte[] raw) {
    try {
      return Btf.parse(raw);
    } catch (InvalidBtfException e) {
      throw invalid(e.getMessage(), e);
    }
  }

  /** The kernel's BTF; found once per extraction. */
  void found(Btf kernelBtf) {
    if (btf != null) {
      throw new IllegalStateException("BTF found twice");
    }
    btf = kernelBtf;
  }

  ExtractedKernel result(String sourceFormat) {
    if (btf == null) {
      throw new IllegalStateException("no BTF found but no failure reported");
    }
    return new ExtractedKernel(btf, sourceFormat, facts.release(), facts.arch(), facts.distro(),
        facts.flavour(), steps);
  }

  private String located(String reason) {
    return steps.isEmpty() ? reason : String.join(": ", steps) + ": " + reason;
  }

  /** Sizes for steps and messages, e.g. "4.5 MiB". */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
