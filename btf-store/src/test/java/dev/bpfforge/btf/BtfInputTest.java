package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class BtfInputTest {

  private static final long MB = 1024 * 1024;
  private static final long NO_LIMIT = Long.MAX_VALUE;

  private final byte[] sample = BtfBuilder.sample().build();

  private static byte[] read(byte[] input, long maxInput, long maxOutput) throws IOException {
    return BtfInput.readRaw(new ByteArrayInputStream(input), maxInput, maxOutput);
  }

  @Test
  void plainXzGzipAndZstdGiveTheSameRawBytes() throws IOException {
    assertThat(read(sample, NO_LIMIT, NO_LIMIT)).isEqualTo(sample);
    assertThat(read(xz(sample), NO_LIMIT, NO_LIMIT)).isEqualTo(sample);
    assertThat(read(gzip(sample), NO_LIMIT, NO_LIMIT)).isEqualTo(sample);
    assertThat(read(Zstd.compress(sample), NO_LIMIT, NO_LIMIT)).isEqualTo(sample);
  }

  @Test
  void realKernelBtfReadsTheSameFromEveryFormat() throws IOException {
    byte[] shippedXz = Files.readAllBytes(SharedBtf.file(SharedBtf.DEBIAN_5_10_AMD64));
    byte[] raw = SharedBtf.raw(SharedBtf.DEBIAN_5_10_AMD64);

    assertThat(read(shippedXz, 16 * MB, 64 * MB)).isEqualTo(raw);
    assertThat(read(gzip(raw), 16 * MB, 64 * MB)).isEqualTo(raw);
    assertThat(read(Zstd.compress(raw), 16 * MB, 64 * MB)).isEqualTo(raw);
    assertThat(read(raw, 16 * MB, 64 * MB)).isEqualTo(raw);
  }

  @Test
  void bigEndianPlainBtfIsRecognised() throws IOException {
    byte[] big = BtfBuilder.sample().build(ByteOrder.BIG_ENDIAN);

    assertThat(read(big, NO_LIMIT, NO_LIMIT)).isEqualTo(big);
  }

  @Test
  void concatenatedGzipMembersAreAllRead() throws IOException {
    byte[] half1 = Arrays.copyOf(sample, 100);
    byte[] half2 = Arrays.copyOfRange(sample, 100, sample.length);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(gzip(half1));
    both.writeBytes(gzip(half2));

    assertThat(read(both.toByteArray(), NO_LIMIT, NO_LIMIT)).isEqualTo(sample);
  }

  @Test
  void xzBombStopsAtTheOutputLimit() throws IOException {
    // 200 MB of zeros in about 30 KB of xz, compressed as a stream: no 200 MB array anywhere.
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(bomb, new LZMA2Options(0))) {
      writeZeros(xz, 200 * MB);
    }

    assertThatThrownBy(() -> read(bomb.toByteArray(), MB, 16 * MB))
        .isInstanceOfSatisfying(InputTooLargeException.class, e -> {
          assertThat(e.what()).isEqualTo("decompressed BTF");
          assertThat(e.limitBytes()).isEqualTo(16 * MB);
        })
        .hasMessage("decompressed BTF exceeds the limit of 16777216 bytes");
  }

  @Test
  void xzDeclaringAHugeDictionaryIsRejectedBeforeAllocatingIt() throws IOException {
    byte[] greedy = withDictionarySizeByte(xz(sample), 36); // 36 encodes a 1 GiB dictionary

    assertThatThrownBy(() -> read(greedy, NO_LIMIT, NO_LIMIT))
        .isInstanceOf(InputTooLargeException.class)
        .hasMessage("memory needed to decompress the xz stream exceeds the limit of 83886080 bytes");
  }

  @Test
  void gzipAndZstdBombsStopAtTheOutputLimit() throws IOException {
    ByteArrayOutputStream gzipBomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(gzipBomb)) {
      writeZeros(gz, 64 * MB);
    }
    byte[] zstdBomb = Zstd.compress(new byte[(int) (64 * MB)]);

    assertThatThrownBy(() -> read(gzipBomb.toByteArray(), MB, 16 * MB))
        .isInstanceOf(InputTooLargeException.class);
    assertThatThrownBy(() -> read(zstdBomb, MB, 16 * MB)).isInstanceOf(InputTooLargeException.class);
  }

  @Test
  void endlessPlainInputStopsAtTheOutputLimit() {
    InputStream endless = endless(sample);

    assertThatThrownBy(() -> BtfInput.readRaw(endless, NO_LIMIT, MB))
        .hasMessage("BTF exceeds the limit of 1048576 bytes");
  }

  @Test
  void inputOverTheInputLimitIsRejected() {
    assertThatThrownBy(() -> read(sample, 100, NO_LIMIT))
        .isInstanceOf(InputTooLargeException.class)
        .hasMessage("uploaded BTF exceeds the limit of 100 bytes");
  }

  @Test
  void compressedInputOverTheInputLimitIsRejected() {
    assertThatThrownBy(() -> read(gzip(sample), 50, NO_LIMIT))
        .hasMessage("uploaded BTF exceeds the limit of 50 bytes");
  }

  @Test
  void inputLimitStopsReadingOneBytePastIt() {
    CountingStream source = new CountingStream(endless(sample));

    assertThatThrownBy(() -> BtfInput.readRaw(source, 1000, NO_LIMIT)).isInstanceOf(InputTooLargeException.class);
    assertThat(source.count).isEqualTo(1001);
  }

  @Test
  void inputExactlyAtBothLimitsIsAccepted() throws IOException {
    assertThat(read(sample, sample.length, sample.length)).isEqualTo(sample);
  }

  @Test
  void unrecognisedFormatShowsTheFirstBytes() {
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};

    assertThatThrownBy(() -> read(elf, NO_LIMIT, NO_LIMIT))
        .isExactlyInstanceOf(InvalidBtfException.class)
        .hasMessage("not BTF: unrecognised format (first bytes 7f 45 4c 46)");
  }

  @Test
  void emptyInputIsNotBtf() {
    assertThatThrownBy(() -> read(new byte[0], NO_LIMIT, NO_LIMIT))
        .isExactlyInstanceOf(InvalidBtfException.class)
        .hasMessage("not BTF: the input is empty");
  }

  @Test
  void compressedNonBtfIsNotBtf() {
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};

    assertThatThrownBy(() -> read(xz(elf), NO_LIMIT, NO_LIMIT))
        .isExactlyInstanceOf(InvalidBtfException.class)
        .hasMessage("not BTF: xz data holds an unrecognised format (first bytes 7f 45 4c 46)");
  }

  @Test
  void corruptCompressedDataIsInvalidBtf() throws IOException {
    byte[] corrupt = xz(sample);
    corrupt[corrupt.length / 2] ^= 0x5a;
    byte[] truncatedGzip = Arrays.copyOf(gzip(sample), 30);

    assertThatThrownBy(() -> read(corrupt, NO_LIMIT, NO_LIMIT))
        .isExactlyInstanceOf(InvalidBtfException.class).hasMessageStartingWith("corrupt xz data: ");
    assertThatThrownBy(() -> read(truncatedGzip, NO_LIMIT, NO_LIMIT))
        .isExactlyInstanceOf(InvalidBtfException.class).hasMessage("corrupt gzip data: it ends too early");
  }

  @Test
  void failureOfTheCallersStreamStaysAnIoException() throws IOException {
    byte[] compressed = xz(sample);
    InputStream failing = new InputStream() {
      private int position;

      @Override
      public int read() throws IOException {
        if (position == 40) {
          throw new IOException("connection reset");
        }
        return compressed[position++] & 0xff;
      }
    };

    assertThatThrownBy(() -> BtfInput.readRaw(failing, NO_LIMIT, NO_LIMIT))
        .isExactlyInstanceOf(IOException.class).hasMessage("connection reset");
  }

  @Test
  void callersStreamIsLeftOpen() throws IOException {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(xz(sample)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    BtfInput.readRaw(in, NO_LIMIT, NO_LIMIT);

    assertThat(closed[0]).isFalse();
  }

  static byte[] xz(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1))) {
      xz.write(data);
    }
    return out.toByteArray();
  }

  /**
   * Rewrites the LZMA2 dictionary size in the first block header of an xz stream from
   * {@link XZOutputStream} (12-byte stream header; block header: size, flags 0, filter id 0x21,
   * properties size 1, the dictionary size byte, padding, CRC32 of the rest).
   */
  private static byte[] withDictionarySizeByte(byte[] xz, int dictionarySizeByte) {
    int start = 12;
    int size = ((xz[start] & 0xff) + 1) * 4;
    assertThat(xz[start + 2]).as("LZMA2 filter id").isEqualTo((byte) 0x21);
    byte[] patched = xz.clone();
    patched[start + 4] = (byte) dictionarySizeByte;
    CRC32 crc = new CRC32();
    crc.update(patched, start, size - 4);
    ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN).putInt(start + size - 4, (int) crc.getValue());
    return patched;
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static void writeZeros(OutputStream out, long count) throws IOException {
    byte[] zeros = new byte[(int) MB];
    for (long written = 0; written < count; written += zeros.length) {
      out.write(zeros);
    }
  }

  /** {@code head}, then zeros without end. */
  private static InputStream endless(byte[] head) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        return position < head.length ? head[(int) position++] & 0xff : 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) read();
        }
        return len;
      }
    };
  }

  private static final class CountingStream extends InputStream {
    private final InputStream in;
    private long count;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      count++;
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }
}
