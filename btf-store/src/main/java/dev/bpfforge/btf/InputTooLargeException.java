package dev.bpfforge.btf;

/** Input, or what it decompresses to, is larger than the configured limit. */
public class InputTooLargeException extends BtfStoreException {

  private static final long serialVersionUID = 1L;

  private final String what;
  private final long limitBytes;

  /**
   * @param what what exceeded the limit, e.g. "decompressed BTF"
   * @param limitBytes the limit in bytes
   */
  public InputTooLargeException(String what, long limitBytes) {
    this(what, limitBytes, what + " exceeds the limit of " + limitBytes + " bytes");
  }

  /** For subclasses that explain the limit in their own words. */
  protected InputTooLargeException(String what, long limitBytes, String message) {
    super(message);
    this.what = what;
    this.limitBytes = limitBytes;
  }

  /** What exceeded the limit, e.g. "decompressed BTF". */
  public String what() {
    return what;
  }

  public long limitBytes() {
    return limitBytes;
  }
}
