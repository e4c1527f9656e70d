package dev.bpfforge.btf;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts bytes read from the caller's stream and fails as soon as they pass a limit. Also tags
 * the stream's own I/O errors, so they can be told apart from a decompressor's complaints about
 * corrupt data (both are IOExceptions). Closing it leaves the caller's stream open.
 */
final class LimitedInputStream extends FilterInputStream {

  /** An I/O error of the underlying stream, as opposed to corrupt content. */
  static final class SourceException extends IOException {

    private static final long serialVersionUID = 1L;

    SourceException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final long limit;
  private final String what;
  private long count;

  LimitedInputStream(InputStream in, long limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = super.read();
    } catch (IOException e) {
      throw new SourceException(e);
    }
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    // Never ask for more than one byte past the limit: enough to notice it is exceeded.
    // (count <= limit here, or add() would have thrown; written to avoid overflow at MAX_VALUE.)
    long remaining = limit - count;
    int ask = remaining >= len ? len : (int) remaining + 1;
    int n;
    try {
      n = super.read(b, off, ask);
    } catch (IOException e) {
      throw new SourceException(e);
    }
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes were sent too; count them by reading.
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    int read = n <= 0 ? 0 : read(scratch, 0, scratch.length);
    return Math.max(read, 0);
  }

  @Override
  public void close() {
    // The caller opened the stream; the caller closes it.
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void add(int n) {
    count += n;
    if (count > limit) {
      throw new InputTooLargeException(what, limit);
    }
  }
}
