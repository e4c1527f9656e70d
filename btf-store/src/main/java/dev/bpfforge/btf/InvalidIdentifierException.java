package dev.bpfforge.btf;

/** An identifier (architecture, kernel release, digest) that does not parse. */
public class InvalidIdentifierException extends BtfStoreException {

  private static final long serialVersionUID = 1L;

  public InvalidIdentifierException(String message) {
    super(message);
  }
}
