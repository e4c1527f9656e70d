package dev.bpfforge.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small raw BTF blobs by hand, for tests. Type ids are handed out from 1 in the order
 * types are added; references may point forward (or anywhere: validity is the parser's job).
 */
final class BtfBuilder {

  record Member(String name, int type, int bitOffset) {
  }

  record Param(String name, int type) {
  }

  /** Byte offsets of the header's fields. */
  static final int HDR_LEN = 4;
  static final int TYPE_OFF = 8;
  static final int TYPE_LEN = 12;
  static final int STR_OFF = 16;
  static final int STR_LEN = 20;

  private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
  private final Map<String, Integer> stringOffsets = new HashMap<>();
  private final List<int[]> types = new ArrayList<>();
  private int headerLength = BtfHeader.SIZE;

  BtfBuilder() {
    strings.write(0); // offset 0: the empty string
    stringOffsets.put("", 0);
  }

  /**
   * One type of every kind: INT, PTR, STRUCT (with a pointer back to itself, as list nodes do),
   * TYPEDEF, ENUM, FUNC_PROTO, FUNC, CONST, VOLATILE, RESTRICT, ARRAY, UNION, FLOAT, FWD, VAR,
   * DATASEC, DECL_TAG, TYPE_TAG, ENUM64 and a PTR to the TYPE_TAG; ids 1 to 20 in that order.
   */
  static BtfBuilder sample() {
    BtfBuilder b = new BtfBuilder();
    int i = b.intType("int", 4, 32);
    int ptr = b.ptr(3);
    b.struct("node", 16, new Member("value", i, 0), new Member("next", ptr, 64));
    b.typedef("node_t", 3);
    b.enumType("color", "RED", "GREEN", "BLUE");
    int proto = b.funcProto(i, new Param("a", i), new Param("b", ptr));
    b.func("sum", proto);
    int constInt = b.modifier(BtfKind.CONST, i);
    b.modifier(BtfKind.VOLATILE, constInt);
    b.modifier(BtfKind.RESTRICT, ptr);
    b.array(i, i, 4);
    b.union("u", 4, new Member("i", i, 0), new Member("f", 13, 0));
    b.floatType("float", 4);
    b.fwd("opaque");
    int counter = b.var("counter", i);
    b.datasec(".data", counter);
    b.declTag("tag", 3, 0);
    int tagged = b.typeTag("user", i);
    b.enum64("big", "BIG_A", "BIG_B");
    b.ptr(tagged);
    return b;
  }

  /** Offset of {@code s} in the string section, adding it if new. */
  int str(String s) {
    return stringOffsets.computeIfAbsent(s, k -> {
      int offset = strings.size();
      strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
      strings.write(0);
      return offset;
    });
  }

  /** Adds a type record as given, without any checking; returns its id. */
  int raw(int nameOffset, int info, int sizeOrType, int... extraWords) {
    int[] record = new int[3 + extraWords.length];
    record[0] = nameOffset;
    record[1] = info;
    record[2] = sizeOrType;
    System.arraycopy(extraWords, 0, record, 3, extraWords.length);
    types.add(record);
    return types.size();
  }

  int type(BtfKind kind, int vlen, String name, int sizeOrType, int... extraWords) {
    return raw(str(name), info(kind.code(), vlen), sizeOrType, extraWords);
  }

  static int info(int kindCode, int vlen) {
    return kindCode << 24 | vlen;
  }

  int intType(String name, int size, int bits) {
    int signed = 1 << 24;
    return type(BtfKind.INT, 0, name, size, signed | bits);
  }

  int ptr(int target) {
    return type(BtfKind.PTR, 0, "", target);
  }

  int modifier(BtfKind kind, int target) {
    return type(kind, 0, "", target);
  }

  int typedef(String name, int target) {
    return type(BtfKind.TYPEDEF, 0, name, target);
  }

  int typeTag(String name, int target) {
    return type(BtfKind.TYPE_TAG, 0, name, target);
  }

  int array(int element, int index, int count) {
    return type(BtfKind.ARRAY, 0, "", 0, element, index, count);
  }

  int struct(String name, int size, Member... members) {
    return type(BtfKind.STRUCT, members.length, name, size, memberWords(members));
  }

  int union(String name, int size, Member... members) {
    return type(BtfKind.UNION, members.length, name, size, memberWords(members));
  }

  int enumType(String name, String... values) {
    int[] words = new int[2 * values.length];
    for (int v = 0; v < values.length; v++) {
      words[2 * v] = str(values[v]);
      words[2 * v + 1] = v;
    }
    return type(BtfKind.ENUM, values.length, name, 4, words);
  }

  int enum64(String name, String... values) {
    int[] words = new int[3 * values.length];
    for (int v = 0; v < values.length; v++) {
      words[3 * v] = str(values[v]);
      words[3 * v + 1] = v;
      words[3 * v + 2] = 1; // high half: values above 2^32
    }
    return type(BtfKind.ENUM64, values.length, name, 8, words);
  }

  int fwd(String name) {
    return type(BtfKind.FWD, 0, name, 0);
  }

  int funcProto(int returnType, Param... params) {
    int[] words = new int[2 * params.length];
    for (int p = 0; p < params.length; p++) {
      words[2 * p] = str(params[p].name());
      words[2 * p + 1] = params[p].type();
    }
    return type(BtfKind.FUNC_PROTO, params.length, "", returnType, words);
  }

  int func(String name, int proto) {
    return type(BtfKind.FUNC, 1, name, proto); // vlen 1: global linkage
  }

  int var(String name, int type) {
    return type(BtfKind.VAR, 0, name, type, 1);
  }

  int datasec(String name, int... vars) {
    int[] words = new int[3 * vars.length];
    for (int v = 0; v < vars.length; v++) {
      words[3 * v] = vars[v];
      words[3 * v + 1] = 4 * v;
      words[3 * v + 2] = 4;
    }
    return type(BtfKind.DATASEC, vars.length, name, 4 * vars.length, words);
  }

  int floatType(String name, int size) {
    return type(BtfKind.FLOAT, 0, name, size);
  }

  int declTag(String name, int target, int componentIndex) {
    return type(BtfKind.DECL_TAG, 0, name, target, componentIndex);
  }

  /** Writes a longer header, zero-padded, as a newer format would. */
  BtfBuilder headerLength(int length) {
    this.headerLength = length;
    return this;
  }

  int typeCount() {
    return types.size();
  }

  byte[] build() {
    return build(ByteOrder.LITTLE_ENDIAN);
  }

  byte[] build(ByteOrder order) {
    int typeLength = types.stream().mapToInt(t -> 4 * t.length).sum();
    ByteBuffer buf = ByteBuffer.allocate(headerLength + typeLength + strings.size()).order(order);
    buf.putShort((short) BtfHeader.MAGIC).put((byte) 1).put((byte) 0)
        .putInt(headerLength).putInt(0).putInt(typeLength).putInt(typeLength).putInt(strings.size());
    buf.position(headerLength);
    types.forEach(t -> {
      for (int word : t) {
        buf.putInt(word);
      }
    });
    buf.put(strings.toByteArray());
    return buf.array();
  }

  /** Absolute offset of type {@code id}'s record in what {@link #build()} returns. */
  int offsetOf(int id) {
    return headerLength + types.subList(0, id - 1).stream().mapToInt(t -> 4 * t.length).sum();
  }

  /** Overwrites a little-endian u32 in a built blob. */
  static byte[] putU32(byte[] blob, int offset, long value) {
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) value);
    return blob;
  }

  private int[] memberWords(Member... members) {
    int[] words = new int[3 * members.length];
    for (int m = 0; m < members.length; m++) {
      words[3 * m] = str(members[m].name());
      words[3 * m + 1] = members[m].type();
      words[3 * m + 2] = members[m].bitOffset();
    }
    return words;
  }
}
