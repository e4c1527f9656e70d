package dev.bpfforge.btf;

/**
 * Root of every exception the btf-store module throws on purpose. Messages are written for the
 * person who sent the input: they say what is wrong and, where it helps, what to do about it.
 * They never contain a server path.
 */
public class BtfStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BtfStoreException(String message) {
    super(message);
  }

  public BtfStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
