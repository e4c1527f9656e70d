package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bytes {@code [offset, offset + length)} of a file as a stream, so a payload inside a larger file
 * (a kernel image's compressed kernel, an RPM's cpio archive) is read in place, never copied out
 * first. Reading past the end of the file ends the stream early; the decoder then reports the
 * truncation. Its own read errors are marked as such ({@link LimitedInputStream.SourceException}),
 * so they reach the caller as the I/O failures they are, not as corrupt input.
 */
final class FileSlice extends InputStream {

  private final FileChannel channel;
  private long position;
  private final long end;

  private FileSlice(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
  }

  /** The slice of {@code file}; {@code length} is cut at {@code Long.MAX_VALUE - offset}. */
  static InputStream open(Path file, long offset, long length) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return new FileSlice(channel, offset, Math.min(length, Long.MAX_VALUE - offset));
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
    long left = end - position;
    if (left <= 0) {
      return -1;
    }
    int n;
    try {
      n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
    } catch (IOException e) {
      throw new LimitedInputStream.SourceException(e);
    }
    if (n > 0) {
      position += n;
    }
    return n;
  }

  /** {@code length} bytes at {@code offset}, which the caller has checked lie inside the file. */
  static byte[] readAt(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, offset + buf.position()) < 0) {
        throw new IOException("file shrank while being read");
      }
    }
    return buf.array();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
