package dev.bpfforge.btf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The BTF string section: NUL-terminated names, addressed by byte offset. Offset 0 is the empty
 * string, used for anonymous types.
 */
final class StringTable {

  private final byte[] data;
  private final int start;
  private final int length;

  private StringTable(byte[] data, int start, int length) {
    this.data = data;
    this.start = start;
    this.length = length;
  }

  /**
   * Checks the section as libbpf does for base BTF: it starts with the empty string and its last
   * string is terminated, so every offset inside it reads a terminated string.
   */
  static StringTable of(byte[] data, int start, int length) {
    if (length == 0) {
      throw new InvalidBtfException("string section is empty; it must at least hold the empty string");
    }
    if (data[start] != 0) {
      throw new InvalidBtfException("string section does not start with NUL (split BTF needs its base BTF)");
    }
    if (data[start + length - 1] != 0) {
      throw new InvalidBtfException("string section does not end with NUL");
    }
    return new StringTable(data, start, length);
  }

  int length() {
    return length;
  }

  /** Whether {@code offset} (a u32 from the file) lies inside the section. */
  boolean contains(int offset) {
    return Integer.compareUnsigned(offset, length) < 0;
  }

  /** The string at a checked offset. */
  String get(int offset) {
    int from = start + offset;
    return new String(data, from, end(from) - from, StandardCharsets.UTF_8);
  }

  /** Whether the string at a checked offset is exactly {@code name} (UTF-8), without decoding it. */
  boolean equalsAt(int offset, byte[] name) {
    int from = start + offset;
    if (name.length >= length - offset || data[from + name.length] != 0) {
      return false;
    }
    return Arrays.equals(data, from, from + name.length, name, 0, name.length);
  }

  private int end(int from) {
    int i = from;
    while (data[i] != 0) {
      i++;
    }
    return i;
  }
}
