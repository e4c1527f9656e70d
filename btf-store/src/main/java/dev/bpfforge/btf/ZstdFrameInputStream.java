package dev.bpfforge.btf;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Decompresses exactly one zstd frame and then ends, leaving what follows unread. zstd-jni's
 * stream decoder goes on to the next frame and fails on the 4-byte size the kernel's build
 * appends after a zstd-compressed kernel; the kernel's own decoder, like this one, stops.
 */
final class ZstdFrameInputStream extends InputStream {

  private static final int INPUT_BUFFER = 128 * 1024;

  private final InputStream in;
  private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();
  private final ByteBuffer src = ByteBuffer.allocate(INPUT_BUFFER).limit(0);
  private boolean frameDone;
  private boolean inputEnded;
  private boolean released;

  ZstdFrameInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    ByteBuffer dst = ByteBuffer.wrap(b, off, len);
    while (!frameDone) {
      if (!src.hasRemaining() && !inputEnded) {
        fill();
      }
      try {
        frameDone = ctx.decompressByteBufferStream(dst, src);
      } catch (ZstdException e) {
        release();
        throw new IOException(e.getMessage(), e);
      }
      if (frameDone) {
        release(); // the window (up to 128 MiB for a kernel) is native memory: free it now
      }
      int produced = dst.position() - off;
      if (produced > 0) {
        return produced;
      }
      if (inputEnded && !src.hasRemaining() && !frameDone) {
        throw new EOFException("zstd frame ends too early");
      }
    }
    return -1;
  }

  private void fill() throws IOException {
    int n = in.read(src.array(), 0, src.capacity());
    if (n < 0) {
      inputEnded = true;
      src.limit(0);
    } else {
      src.position(0).limit(n);
    }
  }

  /** Frees the native decoder; no finalizer would, so every path out must come through here. */
  private void release() {
    if (!released) {
      released = true;
      ctx.close();
    }
  }

  @Override
  public void close() throws IOException {
    release();
    in.close();
  }
}
