package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

/** The two decoders written here: a single zstd frame, and the lz4 legacy framing. */
class PayloadDecodersTest {

  private static final byte[] DATA = data();
  // commons-compress's LZ4 compressor, used only to make test blocks, is slow on random data.
  private static final byte[] TEXT = text();

  private static byte[] data() {
    byte[] d = new byte[300_000];
    Random random = new Random(7);
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) (random.nextInt(16) + 'a'); // compressible, but not trivially
    }
    return d;
  }

  private static byte[] text() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; s.length() < 60_000; i++) {
      s.append("struct task_struct ").append(i).append(" { int pid; };\n");
    }
    return s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void zstdFrameEndsBeforeTheSizeTheKernelBuildAppends() throws IOException {
    byte[] payload = concat(Zstd.compress(DATA, 19), le32(DATA.length));

    assertThat(new ZstdFrameInputStream(new ByteArrayInputStream(payload)).readAllBytes()).isEqualTo(DATA);
  }

  @Test
  void zstdFrameCutShortIsAnError() {
    byte[] frame = Zstd.compress(DATA, 3);
    InputStream in = new ZstdFrameInputStream(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length / 2)));

    assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class).hasMessage("zstd frame ends too early");
  }

  @Test
  void lz4LegacyBlocksAndRepeatedMagicAreRead() throws IOException {
    byte[] first = Arrays.copyOf(TEXT, 20_000);
    byte[] second = Arrays.copyOfRange(TEXT, 20_000, TEXT.length);
    byte[] frame = concat(le32(Lz4LegacyInputStream.MAGIC), block(first),
        le32(Lz4LegacyInputStream.MAGIC), block(second), le32(TEXT.length));

    assertThat(new Lz4LegacyInputStream(new ByteArrayInputStream(frame)).readAllBytes()).isEqualTo(TEXT);
  }

  @Test
  void lz4LegacyBlockCutShortIsAnError() throws IOException {
    byte[] frame = concat(le32(Lz4LegacyInputStream.MAGIC), block(TEXT));
    InputStream in = new Lz4LegacyInputStream(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 10)));

    assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class).hasMessageStartingWith("lz4 block cut off: ");
  }

  @Test
  void lz4LegacyBlockLargerThanTheFormatAllowsIsAnError() throws IOException {
    byte[] frame = concat(le32(Lz4LegacyInputStream.MAGIC), le32(64 << 20), new byte[100]);
    InputStream in = new Lz4LegacyInputStream(new ByteArrayInputStream(frame));

    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
        .hasMessage("lz4 block of 67108864 bytes; legacy blocks hold 1 to 8421520");
  }

  private static byte[] block(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BlockLZ4CompressorOutputStream lz4 = new BlockLZ4CompressorOutputStream(out)) {
      lz4.write(data);
    }
    return concat(le32(out.size()), out.toByteArray());
  }

  private static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
