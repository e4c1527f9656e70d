package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One header structure of an RPM file (the signature header or the main header): magic
 * {@code 8e ad e8 01}, 4 reserved bytes, the number of index entries and the size of the data
 * store (both u32 big-endian), then 16-byte index entries {@code (tag, type, offset, count)} and
 * the store. Only string tags are read, and only those asked for; the limits are rpm's own.
 *
 * @param strings the wanted string tags present, by tag number
 * @param end offset of the first byte after the header
 */
record RpmHeader(Map<Integer, String> strings, long end) {

  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int DISTRIBUTION = 1010;
  static final int VENDOR = 1011;
  static final int ARCH = 1022;
  static final int PAYLOAD_FORMAT = 1124;
  static final int PAYLOAD_COMPRESSOR = 1125;

  private static final int PREAMBLE = 16;
  private static final int ENTRY = 16;
  // rpm's hdrchkTags / hdrchkData: at most 0xffff entries and 256 MiB of data.
  private static final long MAX_ENTRIES = 0xffff;
  private static final long MAX_DATA = 256L * 1024 * 1024;
  private static final int STRING = 6;
  private static final int STRING_ARRAY = 8;
  private static final int I18N_STRING = 9;
  private static final int MAX_STRING = 1024;

  Optional<String> get(int tag) {
    return Optional.ofNullable(strings.get(tag));
  }

  /** Reads the header at {@code offset}; {@code what} names it in messages. */
  static RpmHeader read(FileChannel channel, long offset, Set<Integer> wanted, String what, Extraction x)
      throws IOException {
    long size = channel.size();
    if (size - offset < PREAMBLE) {
      throw x.invalid("rpm: " + what + " cut off at offset " + offset);
    }
    ByteBuffer pre = ByteBuffer.wrap(FileSlice.readAt(channel, offset, PREAMBLE));
    if (pre.getInt(0) != 0x8eade801) {
      throw x.invalid(String.format(Locale.ROOT, "rpm: %s at offset %d has bad magic 0x%08x", what, offset, pre.getInt(0)));
    }
    long entries = Integer.toUnsignedLong(pre.getInt(8));
    long dataSize = Integer.toUnsignedLong(pre.getInt(12));
    if (entries > MAX_ENTRIES || dataSize > MAX_DATA) {
      throw x.invalid("rpm: " + what + " declares " + entries + " entries and " + dataSize
          + " bytes of data, beyond rpm's own limits");
    }
    long indexStart = offset + PREAMBLE;
    long dataStart = indexStart + entries * ENTRY;
    long end = dataStart + dataSize;
    if (end > size) {
      throw x.invalid("rpm: " + what + " [" + offset + ", " + end + ") beyond end of file (" + size + " bytes)");
    }
    ByteBuffer index = ByteBuffer.wrap(FileSlice.readAt(channel, indexStart, (int) (entries * ENTRY)));
    Map<Integer, String> strings = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      int tag = index.getInt(i * ENTRY);
      int type = index.getInt(i * ENTRY + 4);
      long at = Integer.toUnsignedLong(index.getInt(i * ENTRY + 8));
      boolean stringType = type == STRING || type == STRING_ARRAY || type == I18N_STRING;
      if (wanted.contains(tag) && stringType) {
        if (at >= dataSize) {
          throw x.invalid("rpm: " + what + " tag " + tag + " at offset " + at + " beyond its data of " + dataSize + " bytes");
        }
        // For arrays, the first string: the untranslated one, for I18N strings.
        strings.put(tag, string(channel, dataStart + at, end, tag, what, x));
      }
    }
    return new RpmHeader(Map.copyOf(strings), end);
  }

  private static String string(FileChannel channel, long at, long end, int tag, String what, Extraction x)
      throws IOException {
    byte[] bytes = FileSlice.readAt(channel, at, (int) Math.min(MAX_STRING, end - at));
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return new String(bytes, 0, i, StandardCharsets.UTF_8);
      }
    }
    throw x.invalid("rpm: " + what + " tag " + tag + " is not a terminated string of at most " + MAX_STRING + " bytes");
  }
}
