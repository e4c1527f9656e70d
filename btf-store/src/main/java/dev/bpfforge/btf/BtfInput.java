package dev.bpfforge.btf;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Reads uploaded BTF, plain or compressed, into raw BTF bytes, within size limits.
 *
 * <p>Uploads are untrusted: a few kilobytes of xz can expand to gigabytes. Both limits are
 * enforced while reading, so neither the compressed bytes held nor the decompressed bytes
 * produced ever exceed their limit, whatever the input claims.
 */
public final class BtfInput {

  private static final int INITIAL_BUFFER = 64 * 1024;
  // Largest array the JVM reliably allocates.
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final int SHOWN_BYTES = 4;

  private BtfInput() {
  }

  /**
   * Reads {@code in} to its end and returns the raw BTF it holds. The format is detected from
   * the first bytes: raw BTF (either byte order), xz, gzip or zstd (a compressed stream must hold
   * raw BTF). The content is not validated beyond its magic; pass the result to
   * {@link Btf#parse}. {@code in} is not closed.
   *
   * @param maxInputBytes most bytes read from {@code in}
   * @param maxOutputBytes most bytes of raw BTF, after decompression
   * @throws InputTooLargeException as soon as either limit is exceeded
   * @throws InvalidBtfException if the format is not recognised or the compressed data is corrupt
   * @throws IOException if reading {@code in} itself fails
   */
  public static byte[] readRaw(InputStream in, long maxInputBytes, long maxOutputBytes) throws IOException {
    Objects.requireNonNull(in, "in");
    if (maxInputBytes < 0 || maxOutputBytes < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
    InputStream source = new BufferedInputStream(new LimitedInputStream(in, maxInputBytes, "uploaded BTF"));
    source.mark(InputFormat.SIGNATURE_BYTES);
    byte[] head = source.readNBytes(InputFormat.SIGNATURE_BYTES);
    source.reset();
    InputFormat format = InputFormat.detect(head);
    if (format == null) {
      throw new InvalidBtfException(head.length == 0
          ? "not BTF: the input is empty"
          : "not BTF: unrecognised format (first bytes " + hex(head) + ")");
    }
    if (format == InputFormat.PLAIN) {
      return readAtMost(source, maxOutputBytes, "BTF");
    }
    byte[] raw = decompress(format, source, maxOutputBytes);
    if (!InputFormat.isPlainBtf(raw)) {
      throw new InvalidBtfException("not BTF: " + format.displayName()
          + " data holds an unrecognised format (first bytes " + hex(raw) + ")");
    }
    return raw;
  }

  private static byte[] decompress(InputFormat format, InputStream source, long maxOutputBytes) throws IOException {
    try (InputStream decoded = format.open(source)) {
      return readAtMost(decoded, maxOutputBytes, "decompressed BTF");
    } catch (org.apache.commons.compress.MemoryLimitException | org.tukaani.xz.MemoryLimitException e) {
      throw new InputTooLargeException("memory needed to decompress the " + format.displayName() + " stream",
          InputFormat.XZ_MEMORY_LIMIT_KIB * 1024L);
    } catch (IOException e) {
      IOException sourceFailure = sourceFailure(e);
      if (sourceFailure != null) {
        throw sourceFailure;
      }
      throw new InvalidBtfException("corrupt " + format.displayName() + " data: " + describe(e), e);
    }
  }

  static String describe(Exception e) {
    if (e instanceof EOFException) {
      return "it ends too early";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** The caller's stream's own error, if that is what {@code e} is or wraps. */
  static IOException sourceFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LimitedInputStream.SourceException source) {
        return (IOException) source.getCause();
      }
    }
    return null;
  }

  /**
   * Reads all of {@code in}, failing once it yields more than {@code limit} bytes. The buffer
   * grows by doubling but never past the limit, so a bomb costs at most {@code limit} bytes of
   * buffer; only a successful read makes one more, exact-size copy.
   */
  static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
    int max = (int) Math.min(limit, MAX_ARRAY);
    byte[] buf = new byte[Math.min(max, INITIAL_BUFFER)];
    int size = 0;
    while (true) {
      if (size == buf.length) {
        if (size == max) {
          if (in.read() < 0) {
            return buf;
          }
          throw new InputTooLargeException(what, max);
        }
        buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(2L * size, INITIAL_BUFFER)));
      }
      int n = in.read(buf, size, buf.length - size);
      if (n < 0) {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
      }
      size += n;
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, SHOWN_BYTES));
  }
}
