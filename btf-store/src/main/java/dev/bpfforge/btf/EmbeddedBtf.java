package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds raw BTF inside a flat binary (an arm64 Image has no sections to name it). vmlinux BTF,
 * as the kernel's build writes it, starts with a 24-byte header whose first 12 bytes are fixed:
 * magic, version 1, flags 0, header length 24, type section at offset 0. Each candidate must
 * also have its string section right after its types, fit in the file, and parse.
 */
final class EmbeddedBtf {

  private static final byte[] LITTLE = {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0, 0, 0, 0, 0};
  private static final byte[] BIG = {(byte) 0xeb, (byte) 0x9f, 1, 0, 0, 0, 0, 24, 0, 0, 0, 0};
  private static final int HEADER = 24;

  /**
   * @param offset where the BTF starts in the file
   * @param btf the BTF, validated
   */
  record Found(long offset, Btf btf) {
  }

  private EmbeddedBtf() {
  }

  /**
   * The first valid BTF in the file. If candidates were found but none parsed, the first one's
   * defect is reported, since that is most likely the kernel's BTF, damaged.
   */
  static Optional<Found> find(FileChannel channel, long maxBytes, Extraction x) throws IOException {
    InvalidBtfException firstDefect = null;
    for (byte[] pattern : new byte[][] {LITTLE, BIG}) {
      ByteOrder order = pattern == LITTLE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      long from = 0;
      long at;
      while ((at = ByteScanner.indexOf(channel, pattern, from, channel.size())) >= 0) {
        from = at + 1;
        long length = candidateLength(channel, at, order);
        if (length < 0) {
          continue;
        }
        if (length > maxBytes) {
          throw x.tooLarge(String.format(Locale.ROOT, "BTF at 0x%x of %d bytes", at, length), maxBytes);
        }
        try {
          return Optional.of(new Found(at, Btf.parse(FileSlice.readAt(channel, at, (int) length))));
        } catch (InvalidBtfException e) {
          firstDefect = firstDefect != null ? firstDefect
              : x.invalid(String.format(Locale.ROOT, "BTF at 0x%x: %s", at, e.getMessage()), e);
        }
      }
    }
    if (firstDefect != null) {
      throw firstDefect;
    }
    return Optional.empty();
  }

  /** Total length of the BTF whose header is at {@code at}, or -1 if it cannot be BTF here. */
  private static long candidateLength(FileChannel channel, long at, ByteOrder order) throws IOException {
    if (channel.size() - at < HEADER) {
      return -1;
    }
    ByteBuffer h = ByteBuffer.wrap(FileSlice.readAt(channel, at, HEADER)).order(order);
    long typeLength = Integer.toUnsignedLong(h.getInt(12));
    long stringOffset = Integer.toUnsignedLong(h.getInt(16));
    long stringLength = Integer.toUnsignedLong(h.getInt(20));
    long length = HEADER + stringOffset + stringLength;
    boolean fits = stringOffset == typeLength && length <= channel.size() - at;
    return fits ? length : -1;
  }
}
