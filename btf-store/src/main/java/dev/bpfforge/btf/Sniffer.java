package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/** Tells what a file is from its first bytes; file names are never trusted for this. */
final class Sniffer {

  /** What a file holds. */
  enum Kind {
    BTF, ELF, DEB, RPM, BZIMAGE, ARM64_IMAGE, TAR, COMPRESSED, UNKNOWN
  }

  /**
   * @param kind what the file holds
   * @param compression for {@link Kind#COMPRESSED}, the format; else {@code null}
   * @param head the first bytes, for messages
   */
  record Sniffed(Kind kind, Compression compression, byte[] head) {

    /** The first bytes in hex, for "unrecognised format" messages. */
    String firstBytes() {
      return head.length == 0 ? "the file is empty"
          : "first bytes " + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(head.length, 8));
    }
  }

  static final int HEAD_BYTES = 0x270;
  // x86 boot protocol: the boot sector ends in 0x55 0xAA at 0x1fe; "HdrS" at 0x202.
  private static final int BOOT_FLAG = 0x1fe;
  private static final int HDRS = 0x202;
  // arm64 Image header (Documentation/arch/arm64/booting.rst): magic "ARM\x64" at 0x38.
  private static final int ARM64_MAGIC = 0x38;
  private static final int TAR_MAGIC = 257;

  private Sniffer() {
  }

  static Sniffed sniff(Path file) throws IOException {
    byte[] head;
    try (InputStream in = FileSlice.open(file, 0, HEAD_BYTES)) {
      head = in.readNBytes(HEAD_BYTES);
    }
    return sniff(head);
  }

  static Sniffed sniff(byte[] head) {
    return new Sniffed(kind(head), Compression.detect(head, false), head);
  }

  private static Kind kind(byte[] head) {
    if (InputFormat.isPlainBtf(head)) {
      return Kind.BTF;
    }
    if (at(head, 0, 0x7f, 'E', 'L', 'F')) {
      return Kind.ELF;
    }
    if (at(head, 0, "!<arch>\n")) {
      return Kind.DEB;
    }
    if (at(head, 0, 0xed, 0xab, 0xee, 0xdb)) {
      return Kind.RPM;
    }
    if (at(head, BOOT_FLAG, 0x55, 0xaa) && at(head, HDRS, "HdrS")) {
      return Kind.BZIMAGE;
    }
    if (at(head, ARM64_MAGIC, 'A', 'R', 'M', 0x64)) {
      return Kind.ARM64_IMAGE;
    }
    if (at(head, TAR_MAGIC, "ustar")) {
      return Kind.TAR;
    }
    return Compression.detect(head, false) != null ? Kind.COMPRESSED : Kind.UNKNOWN;
  }

  static boolean at(byte[] head, int offset, String ascii) {
    byte[] want = ascii.getBytes(StandardCharsets.US_ASCII);
    return head.length >= offset + want.length
        && Arrays.equals(head, offset, offset + want.length, want, 0, want.length);
  }

  static boolean at(byte[] head, int offset, int... bytes) {
    if (head.length < offset + bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if ((head[offset + i] & 0xff) != bytes[i]) {
        return false;
      }
    }
    return true;
  }
}
