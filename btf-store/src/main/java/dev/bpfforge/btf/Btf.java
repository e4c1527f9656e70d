package dev.bpfforge.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Raw BTF (the format of {@code /sys/kernel/btf/vmlinux}), parsed and validated. Immutable, and
 * so safe to share between threads.
 *
 * <p>{@link #parse} checks the header, both sections, every type record, every reference
 * between types and every name, and rejects reference cycles no C type can have; so once an
 * instance exists, walking its types cannot fail. Either byte order is accepted. Split BTF
 * (kernel modules, whose types extend a base vmlinux BTF) is not: it is rejected as invalid.
 */
public final class Btf {

  private final byte[] data;
  private final BtfHeader header;
  private final StringTable strings;
  private final TypeTable types;

  private Btf(byte[] data, BtfHeader header, StringTable strings, TypeTable types) {
    this.data = data;
    this.header = header;
    this.strings = strings;
    this.types = types;
  }

  /**
   * Parses and validates raw BTF. Time and memory are linear in the input's size, whatever
   * counts and lengths the input declares.
   *
   * @param raw raw BTF; copied, so later changes to the array do not affect the result
   * @throws InvalidBtfException naming the first defect found; no other exception is thrown
   *     for any input
   */
  public static Btf parse(byte[] raw) {
    Objects.requireNonNull(raw, "raw");
    byte[] data = raw.clone();
    BtfHeader header = BtfHeader.parse(data);
    StringTable strings = StringTable.of(data, header.stringStart(), header.stringLength());
    ByteBuffer buf = ByteBuffer.wrap(data).order(header.order());
    TypeTable types = TypeTable.index(buf, header.typeStart(), header.typeLength());
    TypeReferences.check(types, strings);
    TypeLoopCheck.check(types);
    return new Btf(data, header, strings, types);
  }

  /** Number of types, not counting {@code void} (id 0); ids run from 1 to this number. */
  public int typeCount() {
    return types.count();
  }

  /** Length in bytes of the type section, as the header declares it. */
  public int typeSectionLength() {
    return header.typeLength();
  }

  /** Length in bytes of the string section, as the header declares it. */
  public int stringSectionLength() {
    return header.stringLength();
  }

  /** BTF format version from the header (always 1). */
  public int version() {
    return header.version();
  }

  /** Byte order the BTF was written in: that of the machine the kernel was built for. */
  public ByteOrder byteOrder() {
    return header.order();
  }

  /** Size of the raw BTF in bytes. */
  public int size() {
    return data.length;
  }

  /** A copy of the raw BTF, exactly as parsed. */
  public byte[] bytes() {
    return data.clone();
  }

  /**
   * Kind of type {@code id}; {@link BtfKind#VOID} for id 0.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= id <= typeCount()}
   */
  public BtfKind kind(int id) {
    return types.kind(checkId(id));
  }

  /**
   * Name of type {@code id}; empty for anonymous types and {@code void}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= id <= typeCount()}
   */
  public String name(int id) {
    return strings.get(types.nameOffset(checkId(id)));
  }

  /**
   * The lowest id of a type with this exact name and kind, e.g.
   * {@code findType("task_struct", BtfKind.STRUCT)}. A linear scan (about a millisecond on a
   * vmlinux BTF): callers that look up many names should keep what they find.
   */
  public OptionalInt findType(String name, BtfKind kind) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      return OptionalInt.empty(); // anonymous types are not found by name
    }
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int id = 1; id <= types.count(); id++) {
      if (types.kind(id) == kind && strings.equalsAt(types.nameOffset(id), wanted)) {
        return OptionalInt.of(id);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Names of the enumerators of the enum called {@code enumName} (ENUM, else ENUM64), in the order
   * the BTF lists them, which is declaration order. Used to read what a kernel supports, e.g. the
   * helpers in {@code enum bpf_func_id}.
   *
   * @return the names, unmodifiable; empty if there is no such enum
   */
  public List<String> enumerators(String enumName) {
    OptionalInt found = findType(enumName, BtfKind.ENUM);
    int wordsPerEntry = 2; // struct btf_enum: name_off, val
    if (found.isEmpty()) {
      found = findType(enumName, BtfKind.ENUM64);
      wordsPerEntry = 3; // struct btf_enum64: name_off, val_lo32, val_hi32
    }
    if (found.isEmpty()) {
      return List.of();
    }
    int id = found.getAsInt();
    int vlen = types.vlen(id);
    List<String> names = new ArrayList<>(vlen);
    for (int i = 0; i < vlen; i++) {
      names.add(strings.get(types.extraWord(id, wordsPerEntry * i)));
    }
    return Collections.unmodifiableList(names);
  }

  /** The type a reference-kind type ({@link BtfKind#refersToType()}) refers to, e.g. a DECL_TAG's target. */
  int referencedType(int id) {
    return types.sizeOrType(checkId(id));
  }

  private int checkId(int id) {
    return Objects.checkIndex(id, types.count() + 1);
  }

  @Override
  public String toString() {
    return "Btf[" + types.count() + " types, " + data.length + " bytes, " + header.order() + "]";
  }
}
