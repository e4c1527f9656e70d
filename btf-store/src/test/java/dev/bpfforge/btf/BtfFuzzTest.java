package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random mutations, truncations and splices of valid BTF: whatever the input, {@link Btf#parse}
 * either succeeds (and the result can then be read without failing) or throws
 * {@link InvalidBtfException}; nothing else. Runs are reproducible: each try seeds its own
 * {@link Random} from {@code btf.fuzz.seed} (a system property, to explore other inputs) and
 * the try's number, and a failure names both.
 */
class BtfFuzzTest {

  private static final long SEED = Long.getLong("btf.fuzz.seed", 0x5eedb7fL);

  private static final byte[] SMALL = BtfBuilder.sample().build();
  private static final byte[] SMALL_BIG_ENDIAN = BtfBuilder.sample().build(ByteOrder.BIG_ENDIAN);

  @Test
  void byteMutationsOfSmallBtfOnlyRaiseInvalidBtf() {
    fuzz(800, random -> {
      byte[] blob = (random.nextBoolean() ? SMALL : SMALL_BIG_ENDIAN).clone();
      int changes = 1 + random.nextInt(8);
      for (int i = 0; i < changes; i++) {
        blob[random.nextInt(blob.length)] = (byte) random.nextInt(256);
      }
      return blob;
    });
  }

  @Test
  void wordMutationsOfSmallBtfOnlyRaiseInvalidBtf() {
    fuzz(600, random -> {
      byte[] blob = SMALL.clone();
      int changes = 1 + random.nextInt(4);
      for (int i = 0; i < changes; i++) {
        int offset = random.nextInt(blob.length / 4) * 4;
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, interestingWord(random, 20));
      }
      return blob;
    });
  }

  @Test
  void everyTruncationOfSmallBtfIsRejected() {
    for (int length = 0; length < SMALL.length; length++) {
      byte[] prefix = Arrays.copyOf(SMALL, length);
      assertThatThrownBy(() -> Btf.parse(prefix)).as("prefix of %d bytes", length)
          .isExactlyInstanceOf(InvalidBtfException.class);
    }
  }

  @Test
  void splicesOfTwoBtfsOnlyRaiseInvalidBtf() {
    byte[] other = BtfBuilder.sample().headerLength(32).build();
    fuzz(400, random -> {
      byte[] head = random.nextBoolean() ? SMALL : SMALL_BIG_ENDIAN;
      byte[] tail = random.nextBoolean() ? other : SMALL;
      int cut = random.nextInt(head.length + 1);
      int from = random.nextInt(tail.length + 1);
      byte[] blob = Arrays.copyOf(head, cut + tail.length - from);
      System.arraycopy(tail, from, blob, cut, tail.length - from);
      return blob;
    });
  }

  @Test
  void randomBytesAfterAValidMagicOnlyRaiseInvalidBtf() {
    fuzz(300, random -> {
      byte[] blob = new byte[random.nextInt(200)];
      random.nextBytes(blob);
      if (blob.length >= 4) {
        blob[0] = (byte) 0x9f;
        blob[1] = (byte) 0xeb;
        blob[2] = 1;
        blob[3] = 0;
      }
      return blob;
    });
  }

  @Test
  void wordMutationsOfRealKernelBtfOnlyRaiseInvalidBtf() {
    byte[] real = SharedBtf.raw(SharedBtf.DEBIAN_5_10_AMD64);
    Btf parsed = Btf.parse(real);
    // Aim at the header and the type section: the string section is mostly free text.
    int typeEnd = 24 + parsed.typeSectionLength();
    fuzz(150, random -> {
      byte[] blob = real.clone();
      int changes = 1 + random.nextInt(4);
      for (int i = 0; i < changes; i++) {
        int offset = random.nextInt(10) == 0 ? random.nextInt(6) * 4 : random.nextInt(typeEnd / 4) * 4;
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(offset, interestingWord(random, parsed.typeCount()));
      }
      return blob;
    });
  }

  /** Values that tend to sit on a boundary: around the type count, sign bits, kinds and vlens. */
  private static int interestingWord(Random random, int typeCount) {
    return switch (random.nextInt(8)) {
      case 0 -> 0;
      case 1 -> -1;
      case 2 -> Integer.MAX_VALUE + random.nextInt(2);
      case 3 -> typeCount - 1 + random.nextInt(3);
      case 4 -> random.nextInt(32) << 24 | random.nextInt(0x10000); // btf_type.info: any kind, any vlen
      case 5 -> random.nextInt(64);
      case 6 -> 0xffff;
      default -> random.nextInt();
    };
  }

  private static void fuzz(int tries, Function<Random, byte[]> input) {
    for (int i = 0; i < tries; i++) {
      long seed = SEED * 31 + i;
      byte[] blob = input.apply(new Random(seed));
      parseOrReject(blob, "try " + i + " (btf.fuzz.seed=" + SEED + ")");
    }
  }

  private static void parseOrReject(byte[] blob, String what) {
    try {
      Btf btf = Btf.parse(blob);
      for (int id = 0; id <= btf.typeCount(); id++) {
        btf.kind(id);
        btf.name(id);
      }
      btf.enumerators("color");
      btf.enumerators("bpf_func_id");
    } catch (InvalidBtfException expected) {
      // the one exception allowed
    } catch (RuntimeException | Error e) {
      throw new AssertionError("unexpected " + e + " on " + what, e);
    }
  }
}
