package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Finds byte patterns in a region of a file, reading it in chunks so it is never held whole. */
final class ByteScanner {

  private static final int CHUNK = 1024 * 1024;

  private ByteScanner() {
  }

  /**
   * Offset of the first occurrence of {@code pattern} in {@code [from, to)} of the file, or -1.
   * Chunks overlap by the pattern's length, so matches across chunk borders are found.
   */
  static long indexOf(FileChannel channel, byte[] pattern, long from, long to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK + pattern.length);
    long start = from;
    while (start + pattern.length <= to) {
      buf.clear().limit((int) Math.min(buf.capacity(), to - start));
      while (buf.hasRemaining() && channel.read(buf, start + buf.position()) >= 0) {
        // fill the chunk; a short file ends it
      }
      int filled = buf.position();
      int found = indexOf(buf.array(), filled, pattern);
      if (found >= 0) {
        return start + found;
      }
      if (filled < buf.limit() || filled < pattern.length) {
        return -1;
      }
      start += filled - pattern.length + 1;
    }
    return -1;
  }

  private static int indexOf(byte[] data, int length, byte[] pattern) {
    byte first = pattern[0];
    outer:
    for (int i = 0; i <= length - pattern.length; i++) {
      if (data[i] != first) {
        continue;
      }
      for (int j = 1; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
