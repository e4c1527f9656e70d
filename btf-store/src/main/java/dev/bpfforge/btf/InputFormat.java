package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Formats an upload can arrive in, told apart by their first bytes (never by file name). */
enum InputFormat {
  PLAIN("BTF", new int[] {0x9f, 0xeb}, new int[] {0xeb, 0x9f}),
  XZ("xz", new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}),
  GZIP("gzip", new int[] {0x1f, 0x8b}),
  ZSTD("zstd", new int[] {0x28, 0xb5, 0x2f, 0xfd});

  /** Bytes needed to tell every format apart. */
  static final int SIGNATURE_BYTES = 6;

  /**
   * Memory the xz decoder may use, mostly for the dictionary the stream declares: enough for
   * {@code xz -9} (64 MiB dictionary), and a forged header cannot make us allocate gigabytes.
   * zstd needs no setting here: its decoder refuses windows over 128 MiB by default, and gzip's
   * window is 32 KiB.
   */
  static final int XZ_MEMORY_LIMIT_KIB = 80 * 1024;

  private final String displayName;
  private final int[][] signatures;

  InputFormat(String displayName, int[]... signatures) {
    this.displayName = displayName;
    this.signatures = signatures;
  }

  /** The format whose signature {@code head} starts with, or {@code null}. */
  static InputFormat detect(byte[] head) {
    for (InputFormat format : values()) {
      for (int[] signature : format.signatures) {
        if (startsWith(head, signature)) {
          return format;
        }
      }
    }
    return null;
  }

  /** Whether {@code data} starts with raw BTF's magic, in either byte order. */
  static boolean isPlainBtf(byte[] data) {
    return detect(data) == PLAIN;
  }

  String displayName() {
    return displayName;
  }

  /** A stream of the decompressed bytes; for {@link #PLAIN}, {@code in} itself. */
  InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case PLAIN -> in;
      case XZ -> XZCompressorInputStream.builder()
          .setInputStream(in).setDecompressConcatenated(true).setMemoryLimitKiB(XZ_MEMORY_LIMIT_KIB).get();
      case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
      case ZSTD -> new ZstdCompressorInputStream(in);
    };
  }

  private static boolean startsWith(byte[] head, int[] signature) {
    if (head.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xff) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
