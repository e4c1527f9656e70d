package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an ELF header and section table for {@link ElfFile}: class and byte order from
 * {@code e_ident}, the section headers (with extended numbering, for files with 0xff00 sections
 * or more) and their names. Every offset and count is checked against the file first.
 */
final class ElfReader {

  private static final int SHN_XINDEX = 0xffff;
  // Section headers and the name table are read whole; real kernels need a few kilobytes.
  private static final long MAX_TABLE = 16 * 1024 * 1024;

  private ElfReader() {
  }

  static ElfFile read(FileChannel channel, Extraction x) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 64) {
      throw x.invalid("ELF header cut off: the file has " + fileSize + " bytes");
    }
    ByteBuffer h = ByteBuffer.wrap(FileSlice.readAt(channel, 0, 64));
    boolean is64 = switch (h.get(4)) {
      case 1 -> false;
      case 2 -> true;
      default -> throw x.invalid("unsupported ELF class " + h.get(4) + " (expected 1 or 2)");
    };
    h.order(switch (h.get(5)) {
      case 1 -> ByteOrder.LITTLE_ENDIAN;
      case 2 -> ByteOrder.BIG_ENDIAN;
      default -> throw x.invalid("unsupported ELF data encoding " + h.get(5) + " (expected 1 or 2)");
    });
    int machine = h.getShort(18) & 0xffff;
    long shoff = is64 ? h.getLong(40) : u32(h, 32);
    int shentsize = h.getShort(is64 ? 58 : 46) & 0xffff;
    long shnum = h.getShort(is64 ? 60 : 48) & 0xffff;
    int shstrndx = h.getShort(is64 ? 62 : 50) & 0xffff;
    if (shoff == 0) {
      throw x.invalid("ELF has no section header table, so no .BTF section");
    }
    int minEntry = is64 ? 64 : 40;
    if (shentsize < minEntry) {
      throw x.invalid("ELF section header size " + shentsize + ", expected at least " + minEntry);
    }
    checkRange("section header table", shoff, shentsize, fileSize, x);
    ByteBuffer first = ByteBuffer.wrap(FileSlice.readAt(channel, shoff, shentsize)).order(h.order());
    if (shnum == 0) {
      shnum = is64 ? first.getLong(32) : u32(first, 20); // extended numbering: count in sh_size
    }
    if (shstrndx == SHN_XINDEX) {
      shstrndx = first.getInt(is64 ? 40 : 24); // extended numbering: index in sh_link
    }
    if (shnum <= 0 || shnum > MAX_TABLE / shentsize) {
      throw x.invalid("ELF declares " + Long.toUnsignedString(shnum) + " sections");
    }
    long tableSize = shnum * shentsize;
    checkRange("section header table", shoff, tableSize, fileSize, x);
    ByteBuffer table = ByteBuffer.wrap(FileSlice.readAt(channel, shoff, (int) tableSize)).order(h.order());
    List<long[]> raw = new ArrayList<>();
    for (int i = 0; i < shnum; i++) {
      raw.add(entry(table, i * shentsize, is64));
    }
    if (Integer.compareUnsigned(shstrndx, (int) shnum) >= 0) {
      throw x.invalid("ELF section name table index " + Integer.toUnsignedString(shstrndx)
          + " out of range (" + shnum + " sections)");
    }
    long[] names = raw.get(shstrndx);
    checkRange("section name table", names[2], names[3], fileSize, x);
    if (names[3] > MAX_TABLE) {
      throw x.invalid("ELF section name table of " + names[3] + " bytes");
    }
    byte[] strtab = FileSlice.readAt(channel, names[2], (int) names[3]);
    List<ElfFile.Section> sections = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      long[] e = raw.get(i);
      sections.add(new ElfFile.Section(name(strtab, e[0], i, x), (int) e[1], e[2], e[3]));
    }
    return ElfFile.of(channel, fileSize, machine, sections);
  }

  /** sh_name, sh_type, sh_offset, sh_size of the entry at {@code at}. */
  private static long[] entry(ByteBuffer t, int at, boolean is64) {
    return is64
        ? new long[] {u32(t, at), u32(t, at + 4), t.getLong(at + 24), t.getLong(at + 32)}
        : new long[] {u32(t, at), u32(t, at + 4), u32(t, at + 16), u32(t, at + 20)};
  }

  private static String name(byte[] strtab, long offset, int index, Extraction x) {
    if (offset >= strtab.length) {
      throw x.invalid("ELF section " + index + " name offset " + offset
          + " beyond section name table of " + strtab.length + " bytes");
    }
    int end = (int) offset;
    while (end < strtab.length && strtab[end] != 0) {
      end++;
    }
    return new String(strtab, (int) offset, end - (int) offset, StandardCharsets.ISO_8859_1);
  }

  private static void checkRange(String what, long offset, long size, long fileSize, Extraction x) {
    // Offsets are unsigned in the file: a "negative" long is beyond any file.
    if (offset < 0 || size < 0 || offset > fileSize || size > fileSize - offset) {
      throw x.invalid(String.format(Locale.ROOT, "ELF %s [%s, +%s) beyond end of file (%d bytes)", what,
          Long.toUnsignedString(offset), Long.toUnsignedString(size), fileSize));
    }
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }
}
