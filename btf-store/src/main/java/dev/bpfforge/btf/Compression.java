package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Compression formats kernels, packages and BTF files come in, told apart by their magic bytes.
 * Each decoder reads one stream and stops: kernel image payloads carry trailing bytes (the
 * kernel's build appends the uncompressed size) that the kernel's own decompressors ignore too.
 */
enum Compression {
  GZIP("gzip", 0x1f, 0x8b),
  XZ("xz", 0xfd, '7', 'z', 'X', 'Z', 0x00),
  ZSTD("zstd", 0x28, 0xb5, 0x2f, 0xfd),
  BZIP2("bzip2", 'B', 'Z', 'h'),
  LZ4("lz4", 0x02, 0x21, 0x4c, 0x18),
  /** The .lzma "alone" format: only its first header byte is fixed, so it is a weak signature. */
  LZMA("lzma", 0x5d, 0x00, 0x00);

  private final String displayName;
  private final int[] magic;

  Compression(String displayName, int... magic) {
    this.displayName = displayName;
    this.magic = magic;
  }

  /**
   * The compression {@code head} starts with, or {@code null}. The weak lzma signature counts only
   * where the container says compressed data starts here ({@code allowLzma}).
   */
  static Compression detect(byte[] head, boolean allowLzma) {
    for (Compression c : values()) {
      if ((c != LZMA || allowLzma) && c.matches(head)) {
        return c;
      }
    }
    return null;
  }

  String displayName() {
    return displayName;
  }

  /** A decoder reading one stream of this format from {@code in}. */
  InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).get();
      case XZ -> XZCompressorInputStream.builder()
          .setInputStream(in).setMemoryLimitKiB(InputFormat.XZ_MEMORY_LIMIT_KIB).get();
      case ZSTD -> new ZstdFrameInputStream(in);
      case BZIP2 -> new BZip2CompressorInputStream(in, false);
      case LZ4 -> new Lz4LegacyInputStream(in);
      case LZMA -> LZMACompressorInputStream.builder()
          .setInputStream(in).setMemoryLimitKiB(InputFormat.XZ_MEMORY_LIMIT_KIB).get();
    };
  }

  private boolean matches(byte[] head) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    // "BZh" is followed by the block size, '1' to '9'.
    return this != BZIP2 || head.length > 3 && head[3] >= '1' && head[3] <= '9';
  }
}
