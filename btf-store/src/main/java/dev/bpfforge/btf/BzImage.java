package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An x86 bzImage (vmlinuz). Its setup header (Documentation/arch/x86/boot.rst) says where the
 * compressed kernel is: {@code payload_offset} and {@code payload_length} at 0x248 and 0x24c,
 * counted from the end of the setup sectors. The payload's own magic tells its compression; it
 * decompresses to the vmlinux ELF (stripped of symbols, still holding .BTF).
 */
final class BzImage {

  private static final int SETUP_SECTS = 0x1f1;
  private static final int VERSION = 0x206;
  private static final int PAYLOAD_OFFSET = 0x248;
  private static final int PAYLOAD_LENGTH = 0x24c;
  // payload_offset/length exist from boot protocol 2.08 (kernel 2.6.26).
  private static final int MIN_VERSION = 0x0208;
  private static final int SECTOR = 512;

  private BzImage() {
  }

  /** @return the format name, e.g. {@code bzImage+zstd} */
  static String extract(Path file, Extraction x) throws IOException {
    long fileSize;
    ByteBuffer h;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      fileSize = channel.size();
      if (fileSize < Sniffer.HEAD_BYTES) {
        throw x.invalid("bzImage: setup header cut off: the file has " + fileSize + " bytes");
      }
      h = ByteBuffer.wrap(FileSlice.readAt(channel, 0, Sniffer.HEAD_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    }
    int version = h.getShort(VERSION) & 0xffff;
    if (version < MIN_VERSION) {
      throw x.invalid(String.format(Locale.ROOT, "bzImage: boot protocol %d.%02d is older than 2.08 and has no payload fields",
          version >> 8, version & 0xff));
    }
    int setupSects = h.get(SETUP_SECTS) & 0xff;
    long start = (long) ((setupSects == 0 ? 4 : setupSects) + 1) * SECTOR
        + Integer.toUnsignedLong(h.getInt(PAYLOAD_OFFSET));
    long length = Integer.toUnsignedLong(h.getInt(PAYLOAD_LENGTH));
    if (length == 0 || start + length > fileSize) {
      throw x.invalid(String.format(Locale.ROOT, "bzImage: payload [0x%x, 0x%x) beyond end of file (%d bytes); the image is truncated",
          start, start + length, fileSize));
    }
    byte[] magic;
    try (var in = FileSlice.open(file, start, 6)) {
      magic = in.readNBytes(6);
    }
    // Only here does the weak lzma signature count: the header says a compressed stream starts here.
    Compression compression = Compression.detect(magic, true);
    if (compression == null) {
      throw x.invalid(String.format(Locale.ROOT, "bzImage: payload at 0x%x has an unknown compression (first bytes %s)",
          start, HexFormat.ofDelimiter(" ").formatHex(magic)));
    }
    x.step(String.format(Locale.ROOT, "bzImage: %s payload at 0x%x (%s)", compression.displayName(), start, Extraction.size(length)));
    Path vmlinux = Decompression.toFile(file, start, length, compression, x);
    Sniffer.Sniffed inner = Sniffer.sniff(vmlinux);
    if (inner.kind() != Sniffer.Kind.ELF) {
      throw x.invalid("payload is not an ELF image (" + inner.firstBytes() + ")");
    }
    VmlinuxElf.extract(vmlinux, x);
    return "bzImage+" + compression.displayName();
  }
}
