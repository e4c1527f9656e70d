package dev.bpfforge.btf;

/**
 * An archive member that could reach outside the archive when unpacked ({@code ..}, an absolute
 * path), or a link where the kernel image should be. Such archives are refused outright rather
 * than the member skipped: a genuine kernel package never contains one.
 */
public class UnsafeArchiveException extends InvalidBtfException {

  private static final long serialVersionUID = 1L;

  public UnsafeArchiveException(String message) {
    super(message);
  }
}
