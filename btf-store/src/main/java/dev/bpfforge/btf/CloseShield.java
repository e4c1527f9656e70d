package dev.bpfforge.btf;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * An archive member's stream whose {@code close()} leaves the archive open, so a decoder over the
 * member can be closed (freeing its native memory) while the archive is still being read.
 */
final class CloseShield extends FilterInputStream {

  CloseShield(InputStream in) {
    super(in);
  }

  @Override
  public void close() {
    // The archive's owner closes it.
  }
}
