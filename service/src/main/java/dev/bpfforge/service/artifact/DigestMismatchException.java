package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;

/** Bytes handed to the blob store do not hash to the key they were stored under. */
public class DigestMismatchException extends IOException {
  private final Sha256 expected;
  private final Sha256 actual;

  public DigestMismatchException(Sha256 expected, Sha256 actual) {
    super("content hashes to " + actual + ", expected " + expected);
    this.expected = expected;
    this.actual = actual;
  }

  public Sha256 expected() {
    return expected;
  }

  public Sha256 actual() {
    return actual;
  }
}
