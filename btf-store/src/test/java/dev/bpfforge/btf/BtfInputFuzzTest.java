package dev.bpfforge.btf;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupted compressed uploads: {@link BtfInput#readRaw} either returns bytes or throws one of
 * the module's own exceptions ({@link InvalidBtfException}, {@link InputTooLargeException}),
 * never a decompressor's internal failure. Reproducible like {@link BtfFuzzTest}.
 */
class BtfInputFuzzTest {

  private static final long SEED = Long.getLong("btf.fuzz.seed", 0x5eedb7fL);
  private static final long LIMIT = 1024 * 1024;

  @Test
  void mutatedCompressedStreamsOnlyRaiseModuleExceptions() throws IOException {
    byte[] sample = BtfBuilder.sample().build();
    List<byte[]> streams = List.of(BtfInputTest.xz(sample), BtfInputTest.gzip(sample), Zstd.compress(sample));
    for (int i = 0; i < 600; i++) {
      Random random = new Random(SEED * 31 + i);
      byte[] blob = streams.get(i % streams.size()).clone();
      int changes = 1 + random.nextInt(4);
      for (int c = 0; c < changes; c++) {
        blob[random.nextInt(blob.length)] = (byte) random.nextInt(256);
      }
      readOrReject(blob, "try " + i + " (btf.fuzz.seed=" + SEED + ")");
    }
  }

  @Test
  void randomBytesAfterACompressionMagicOnlyRaiseModuleExceptions() {
    byte[][] magics = {{(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, {0x1f, (byte) 0x8b, 8}, {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}};
    for (int i = 0; i < 300; i++) {
      Random random = new Random(SEED * 31 + i);
      byte[] magic = magics[i % magics.length];
      byte[] blob = new byte[magic.length + random.nextInt(300)];
      random.nextBytes(blob);
      System.arraycopy(magic, 0, blob, 0, magic.length);
      readOrReject(blob, "try " + i + " (btf.fuzz.seed=" + SEED + ")");
    }
  }

  private static void readOrReject(byte[] blob, String what) {
    try {
      BtfInput.readRaw(new ByteArrayInputStream(blob), LIMIT, LIMIT);
    } catch (BtfStoreException expected) {
      // InvalidBtfException or InputTooLargeException
    } catch (IOException | RuntimeException | Error e) {
      throw new AssertionError("unexpected " + e + " on " + what, e);
    }
  }
}
