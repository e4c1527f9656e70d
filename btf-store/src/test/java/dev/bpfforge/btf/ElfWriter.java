package dev.bpfforge.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes minimal ELF files (header, named PROGBITS sections, section name table) in any class
 * and byte order: gcc on this machine makes only 64-bit little-endian objects, and the
 * extractor must read the other three kinds too.
 */
final class ElfWriter {

  static final int EM_PPC = 20;
  static final int EM_386 = 3;
  static final int EM_X86_64 = 62;
  static final int EM_AARCH64 = 183;

  private final boolean is64;
  private final ByteOrder order;
  private final int machine;
  private final Map<String, byte[]> sections = new LinkedHashMap<>();

  ElfWriter(boolean is64, ByteOrder order, int machine) {
    this.is64 = is64;
    this.order = order;
    this.machine = machine;
  }

  ElfWriter section(String name, byte[] content) {
    sections.put(name, content);
    return this;
  }

  byte[] build() {
    ByteArrayOutputStream names = new ByteArrayOutputStream();
    names.write(0);
    Map<String, Integer> nameOffsets = new LinkedHashMap<>();
    for (String name : sections.keySet()) {
      nameOffsets.put(name, names.size());
      names.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
      names.write(0);
    }
    int shstrtabName = names.size();
    names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.US_ASCII));
    int ehsize = is64 ? 64 : 52;
    int shentsize = is64 ? 64 : 40;
    int dataSize = sections.values().stream().mapToInt(b -> b.length).sum() + names.size();
    int shoff = align(ehsize + dataSize, 8);
    int shnum = sections.size() + 2;
    ByteBuffer elf = ByteBuffer.allocate(shoff + shnum * shentsize).order(order);
    elf.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
    elf.putShort(16, (short) 2); // ET_EXEC
    elf.putShort(18, (short) machine);
    elf.putInt(20, 1);
    if (is64) {
      elf.putLong(40, shoff).putShort(52, (short) ehsize).putShort(58, (short) shentsize)
          .putShort(60, (short) shnum).putShort(62, (short) (shnum - 1));
    } else {
      elf.putInt(32, shoff).putShort(40, (short) ehsize).putShort(46, (short) shentsize)
          .putShort(48, (short) shnum).putShort(50, (short) (shnum - 1));
    }
    int offset = ehsize;
    int index = 1;
    for (Map.Entry<String, byte[]> s : sections.entrySet()) {
      elf.put(offset, s.getValue());
      sectionHeader(elf, shoff + index++ * shentsize, nameOffsets.get(s.getKey()), 1, offset, s.getValue().length);
      offset += s.getValue().length;
    }
    elf.put(offset, names.toByteArray());
    sectionHeader(elf, shoff + index * shentsize, shstrtabName, 3, offset, names.size());
    return elf.array();
  }

  private void sectionHeader(ByteBuffer elf, int at, int name, int type, long offset, long size) {
    elf.putInt(at, name).putInt(at + 4, type);
    if (is64) {
      elf.putLong(at + 24, offset).putLong(at + 32, size);
    } else {
      elf.putInt(at + 16, (int) offset).putInt(at + 20, (int) size);
    }
  }

  private static int align(int value, int to) {
    return (value + to - 1) / to * to;
  }
}
