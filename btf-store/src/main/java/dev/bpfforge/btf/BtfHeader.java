package dev.bpfforge.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code struct btf_header} at the start of raw BTF, with section offsets made absolute.
 *
 * @param order byte order the BTF was written in (the magic tells)
 * @param version BTF format version, always 1
 * @param headerLength {@code hdr_len}: sections are placed relative to it
 * @param typeStart absolute offset of the type section
 * @param typeLength length of the type section
 * @param stringStart absolute offset of the string section
 * @param stringLength length of the string section
 */
record BtfHeader(ByteOrder order, int version, int headerLength,
                 int typeStart, int typeLength, int stringStart, int stringLength) {

  static final int MAGIC = 0xeb9f;
  static final int SIZE = 24;
  static final int VERSION = 1;
  // libbpf rejects larger string sections (BTF_MAX_NAME_OFFSET + 1).
  static final int MAX_STRING_SECTION = 0x1000000;

  /**
   * Reads and checks the header of raw BTF: magic, version, flags, header length, and that both
   * sections lie inside the data without overlapping.
   */
  static BtfHeader parse(byte[] data) {
    if (data.length < SIZE) {
      throw invalid("BTF too short: %d bytes, header needs %d", data.length, SIZE);
    }
    ByteOrder order = byteOrder(data);
    ByteBuffer buf = ByteBuffer.wrap(data).order(order);
    int version = buf.get(2) & 0xff;
    if (version != VERSION) {
      throw invalid("unsupported BTF version %d", version);
    }
    int flags = buf.get(3) & 0xff;
    if (flags != 0) {
      throw invalid("unsupported BTF flags 0x%02x", flags);
    }
    long headerLength = u32(buf, 4);
    checkHeaderLength(data, headerLength);
    // Offsets and lengths are u32 in the file; longs keep their sums from overflowing.
    long typeStart = headerLength + u32(buf, 8);
    long typeLength = u32(buf, 12);
    long stringStart = headerLength + u32(buf, 16);
    long stringLength = u32(buf, 20);
    checkSection("type", typeStart, typeLength, data.length);
    checkSection("string", stringStart, stringLength, data.length);
    if ((typeStart - headerLength) % 4 != 0) {
      throw invalid("type section offset %d is not a multiple of 4", typeStart - headerLength);
    }
    checkLayout(typeStart, typeLength, stringStart, stringLength);
    return new BtfHeader(order, version, (int) headerLength,
        (int) typeStart, (int) typeLength, (int) stringStart, (int) stringLength);
  }

  private static ByteOrder byteOrder(byte[] data) {
    int b0 = data[0] & 0xff;
    int b1 = data[1] & 0xff;
    if ((b0 | b1 << 8) == MAGIC) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    if ((b0 << 8 | b1) == MAGIC) {
      return ByteOrder.BIG_ENDIAN;
    }
    throw invalid("bad BTF magic 0x%04x, expected 0x%04x", b0 | b1 << 8, MAGIC);
  }

  private static void checkHeaderLength(byte[] data, long headerLength) {
    if (headerLength < SIZE) {
      throw invalid("BTF header length %d below minimum %d", headerLength, SIZE);
    }
    if (headerLength > data.length) {
      throw invalid("BTF header length %d beyond end of data (%d bytes)", headerLength, data.length);
    }
    // A longer header comes from a newer format; like the kernel, accept it only if the fields
    // we do not know are all zero, so nothing they would mean is silently ignored.
    for (int i = SIZE; i < headerLength; i++) {
      if (data[i] != 0) {
        throw invalid("BTF header length %d: unknown header field at byte %d is not zero", headerLength, i);
      }
    }
  }

  private static void checkSection(String name, long start, long length, int dataLength) {
    if (start + length > dataLength) {
      throw invalid("%s section [%d, %d) beyond end of data (%d bytes)", name, start, start + length, dataLength);
    }
  }

  private static void checkLayout(long typeStart, long typeLength, long stringStart, long stringLength) {
    boolean bothNonEmpty = typeLength > 0 && stringLength > 0;
    if (bothNonEmpty && typeStart < stringStart + stringLength && stringStart < typeStart + typeLength) {
      throw invalid("type section and string section overlap");
    }
    // The kernel would take the sections in either order, but libbpf (and so bpftool, which
    // consumes what we store) requires the type section first.
    if (typeStart + typeLength > stringStart) {
      throw invalid("string section [%d, %d) comes before type section [%d, %d); types must come first",
          stringStart, stringStart + stringLength, typeStart, typeStart + typeLength);
    }
    if (stringLength > MAX_STRING_SECTION) {
      throw invalid("string section of %d bytes exceeds the BTF maximum of %d", stringLength, MAX_STRING_SECTION);
    }
  }

  private static long u32(ByteBuffer buf, int offset) {
    return Integer.toUnsignedLong(buf.getInt(offset));
  }

  private static InvalidBtfException invalid(String format, Object... args) {
    return InvalidBtfException.of(format, args);
  }
}
