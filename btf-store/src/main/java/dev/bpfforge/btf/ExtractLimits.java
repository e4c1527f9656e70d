package dev.bpfforge.btf;

/**
 * Bounds on one extraction, so that an upload cannot make the extractor read, write or hold more
 * than the operator allows, whatever sizes it declares.
 *
 * @param maxInputBytes largest upload accepted
 * @param maxOutputBytes most bytes any one decompression step may produce (a kernel package's
 *     data archive, a kernel image's payload, a BTF blob)
 * @param maxRatio most decompressed bytes per compressed byte read, checked continuously while
 *     decompressing (beyond a floor of {@link #RATIO_FLOOR_BYTES}, so tiny inputs work)
 */
public record ExtractLimits(long maxInputBytes, long maxOutputBytes, int maxRatio) {

  /** Output every decompression step may produce regardless of the ratio. */
  public static final long RATIO_FLOOR_BYTES = 16 * 1024 * 1024;

  private static final long MIB = 1024 * 1024;

  public ExtractLimits {
    if (maxInputBytes <= 0 || maxOutputBytes <= 0 || maxRatio < 1) {
      throw new IllegalArgumentException("limits must be positive and the ratio at least 1: "
          + maxInputBytes + ", " + maxOutputBytes + ", " + maxRatio);
    }
  }

  /**
   * Limits that admit every real kernel form seen so far, with room: a Debian kernel package is
   * about 35 MiB with a 60 MiB vmlinux inside; a debug package about 1 GiB with a vmlinux twice
   * that; kernel images compress about 5:1, BTF about 4:1.
   */
  public static ExtractLimits defaults() {
    return new ExtractLimits(2048 * MIB, 4096 * MIB, 50);
  }

  /** Most bytes a decompression step may have produced after reading {@code compressedBytes}. */
  long allowedOutput(long compressedBytes) {
    long byRatio = compressedBytes > (Long.MAX_VALUE - RATIO_FLOOR_BYTES) / maxRatio
        ? Long.MAX_VALUE : compressedBytes * maxRatio + RATIO_FLOOR_BYTES;
    return Math.min(byRatio, maxOutputBytes);
  }
}
