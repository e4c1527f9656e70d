package dev.bpfforge.btf;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Index of the type section: where each type's record starts and its kind. Type ids start at 1
 * (0 is the implicit {@code void}) and follow the order of the records.
 *
 * <p>Building the index checks that every record is complete and of a known kind; it does not
 * follow references between types (see {@link TypeReferences}).
 */
final class TypeTable {

  /** Size of {@code struct btf_type}: name_off, info, size/type. */
  static final int RECORD_SIZE = 12;
  /** Largest type id the kernel and libbpf accept ({@code BTF_MAX_TYPE}). */
  static final int MAX_TYPE_ID = 0xfffff;

  // Bits of btf_type.info that no kind uses; the kernel rejects types that set them.
  private static final int RESERVED_INFO_BITS = 0x60ff0000;
  private static final int MAX_FUNC_LINKAGE = 2; // static, global, extern

  private final ByteBuffer buf;
  private final int[] offsets;
  private final byte[] kinds;
  private final int count;

  private TypeTable(ByteBuffer buf, int[] offsets, byte[] kinds, int count) {
    this.buf = buf;
    this.offsets = offsets;
    this.kinds = kinds;
    this.count = count;
  }

  /** Walks the type section of {@code buf} (ordered as the BTF) from {@code start}, {@code length} bytes. */
  static TypeTable index(ByteBuffer buf, int start, int length) {
    // Every record takes at least RECORD_SIZE bytes, so the section's length bounds the count:
    // a forged header cannot make us allocate more than the input justifies.
    int capacity = length / RECORD_SIZE + 1;
    int[] offsets = new int[capacity];
    byte[] kinds = new byte[capacity];
    int end = start + length;
    int pos = start;
    int id = 0;
    while (pos < end) {
      id++;
      if (id > MAX_TYPE_ID) {
        throw InvalidBtfException.of("more than %d types, the BTF maximum", MAX_TYPE_ID);
      }
      if (end - pos < RECORD_SIZE) {
        throw InvalidBtfException.of("type %d is cut off: %d bytes left in the type section, its header needs %d",
            id, end - pos, RECORD_SIZE);
      }
      BtfKind kind = checkInfo(id, buf.getInt(pos + 4));
      int extra = kind.extraBytes(buf.getInt(pos + 4) & 0xffff);
      if (end - pos - RECORD_SIZE < extra) {
        throw InvalidBtfException.of("type %d (%s) %s runs past the end of the type section", id, kind, kind.extraName());
      }
      offsets[id] = pos;
      kinds[id] = (byte) kind.code();
      pos += RECORD_SIZE + extra;
    }
    return new TypeTable(buf, Arrays.copyOf(offsets, id + 1), Arrays.copyOf(kinds, id + 1), id);
  }

  private static BtfKind checkInfo(int id, int info) {
    int code = info >>> 24 & 0x1f;
    BtfKind kind = BtfKind.ofCode(code);
    if (kind == null || kind == BtfKind.VOID) {
      throw InvalidBtfException.of("unknown BTF kind %d at type %d", code, id);
    }
    if ((info & RESERVED_INFO_BITS) != 0) {
      throw InvalidBtfException.of("type %d (%s) sets reserved info bits 0x%08x", id, kind, info & RESERVED_INFO_BITS);
    }
    int vlen = info & 0xffff;
    if (kind == BtfKind.FUNC) {
      if (vlen > MAX_FUNC_LINKAGE) {
        throw InvalidBtfException.of("type %d (FUNC) has linkage %d; expected 0 (static), 1 (global) or 2 (extern)",
            id, vlen);
      }
    } else if (!kind.hasEntries() && vlen != 0) {
      throw InvalidBtfException.of("type %d (%s) has vlen %d; %s types have no entries", id, kind, vlen, kind);
    }
    return kind;
  }

  /** Number of types, not counting {@code void}; also the largest valid id. */
  int count() {
    return count;
  }

  boolean contains(int id) {
    return Integer.compareUnsigned(id, count) <= 0;
  }

  BtfKind kind(int id) {
    return BtfKind.ofCode(kinds[id]);
  }

  int nameOffset(int id) {
    return id == 0 ? 0 : buf.getInt(offsets[id]);
  }

  int vlen(int id) {
    return id == 0 ? 0 : buf.getInt(offsets[id] + 4) & 0xffff;
  }

  /** The third {@code btf_type} field: a size or, for {@link BtfKind#refersToType()} kinds, a type id. */
  int sizeOrType(int id) {
    return id == 0 ? 0 : buf.getInt(offsets[id] + 8);
  }

  /** The {@code index}-th u32 of the data following type {@code id}'s record. */
  int extraWord(int id, int index) {
    return buf.getInt(offsets[id] + RECORD_SIZE + 4 * index);
  }
}
