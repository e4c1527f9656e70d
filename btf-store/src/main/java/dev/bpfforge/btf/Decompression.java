package dev.bpfforge.btf;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decompression under the extraction's limits, and copying a stream to a work file. */
final class Decompression {

  private static final int BUFFER = 64 * 1024;

  private Decompression() {
  }

  /** The decompressed form of {@code compressed}, counted against the size and ratio limits. */
  static BoundedDecoderStream open(InputStream compressed, Compression compression, Extraction x)
      throws IOException {
    CountingInputStream counted = new CountingInputStream(compressed);
    InputStream decoder;
    try {
      decoder = compression.open(counted);
    } catch (IOException | RuntimeException e) {
      throw x.corrupt(compression.displayName() + " data", e);
    }
    return new BoundedDecoderStream(decoder, counted, x);
  }

  /**
   * Decompresses {@code [offset, offset + length)} of {@code file} into a new work file.
   *
   * @return the work file
   */
  static Path toFile(Path file, long offset, long length, Compression compression, Extraction x)
      throws IOException {
    // Buffered: bzip2 and lzma decoders read a byte at a time.
    try (InputStream slice = new BufferedInputStream(FileSlice.open(file, offset, length), BUFFER);
         InputStream decoded = open(slice, compression, x)) {
      return copy(decoded, compression.displayName() + " data", x.limits().maxOutputBytes(), x);
    }
  }

  /**
   * Copies {@code in} to a new work file. Its read errors mean corrupt input (named
   * {@code what}); write errors are ours and propagate as they are.
   */
  static Path copy(InputStream in, String what, long maxBytes, Extraction x) throws IOException {
    Path out = x.tempFile();
    byte[] buf = new byte[BUFFER];
    long total = 0;
    // Buffered: some decoders (LZ4's) return a few bytes per read.
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), BUFFER)) {
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException | RuntimeException e) {
          throw x.corrupt(what, e);
        }
        if (n < 0) {
          return out;
        }
        total += n;
        if (total > maxBytes) {
          throw x.tooLarge(what, maxBytes);
        }
        o.write(buf, 0, n);
      }
    }
  }
}
