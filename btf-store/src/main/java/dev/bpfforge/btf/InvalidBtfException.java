package dev.bpfforge.btf;

import java.util.Locale;

/**
 * Input that is not valid BTF: unrecognised format, corrupt compression, or a BTF blob whose
 * header, sections or types are malformed. The message names the first defect found.
 */
public class InvalidBtfException extends BtfStoreException {

  private static final long serialVersionUID = 1L;

  public InvalidBtfException(String message) {
    super(message);
  }

  public InvalidBtfException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Message built with {@link String#format}, in the root locale so numbers stay ASCII. */
  static InvalidBtfException of(String format, Object... args) {
    return new InvalidBtfException(String.format(Locale.ROOT, format, args));
  }
}
