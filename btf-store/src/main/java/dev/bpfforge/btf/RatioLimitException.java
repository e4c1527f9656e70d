package dev.bpfforge.btf;

/**
 * Decompressed data grew faster than the allowed ratio to the compressed bytes read: the mark of
 * a decompression bomb. Raised while decompressing, before the output is held or written.
 */
public class RatioLimitException extends InputTooLargeException {

  private static final long serialVersionUID = 1L;

  private final int maxRatio;
  private final long compressedBytes;

  /**
   * @param what the step, e.g. "deb: data.tar.xz"
   * @param maxRatio the ratio allowed
   * @param compressedBytes compressed bytes read when the limit was passed
   * @param limitBytes decompressed bytes allowed for that many compressed bytes
   */
  public RatioLimitException(String what, int maxRatio, long compressedBytes, long limitBytes) {
    super(what, limitBytes, what + " grew past " + maxRatio + " times the compressed bytes read ("
        + limitBytes + " bytes allowed after " + compressedBytes + " compressed bytes)");
    this.maxRatio = maxRatio;
    this.compressedBytes = compressedBytes;
  }

  public int maxRatio() {
    return maxRatio;
  }

  public long compressedBytes() {
    return compressedBytes;
  }
}
