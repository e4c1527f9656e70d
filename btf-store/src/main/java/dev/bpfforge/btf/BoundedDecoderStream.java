package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressor's output, checked against the size and ratio limits with every read, so a
 * bomb is stopped after producing at most the limit, whether its output is copied to a file or
 * consumed by an archive reader (which skips members by reading them, through this stream).
 */
final class BoundedDecoderStream extends InputStream {

  private final InputStream decoded;
  private final CountingInputStream compressed;
  private final Extraction x;
  private long produced;

  BoundedDecoderStream(InputStream decoded, CountingInputStream compressed, Extraction x) {
    this.decoded = decoded;
    this.compressed = compressed;
    this.x = x;
  }

  @Override
  public int read() throws IOException {
    int b = decoded.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = decoded.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Decoders skip by decompressing; do it here so the skipped bytes are counted too.
    byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 64 * 1024)];
    int read = scratch.length == 0 ? 0 : read(scratch, 0, scratch.length);
    return Math.max(read, 0);
  }

  @Override
  public void close() throws IOException {
    decoded.close();
  }

  private void count(int n) {
    produced += n;
    ExtractLimits limits = x.limits();
    if (produced > limits.maxOutputBytes()) {
      throw x.tooLarge("decompressed data", limits.maxOutputBytes());
    }
    long allowed = limits.allowedOutput(compressed.count());
    if (produced > allowed) {
      throw x.ratioExceeded(compressed.count(), allowed);
    }
  }
}
