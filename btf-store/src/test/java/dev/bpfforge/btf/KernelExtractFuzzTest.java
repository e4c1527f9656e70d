package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.PackageFixtures.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated kernels in every form: whatever the damage, {@link KernelBtfExtractor#extract} either
 * returns or throws one of the module's own exceptions, and leaves no work files behind. Seeded,
 * so a failure is reproducible: rerun with {@code -Dbtf.fuzz.seed=<seed>}. Bounded to a few
 * seconds of synthetic inputs plus a handful of runs on the real Debian package.
 */
class KernelExtractFuzzTest {

  private static final long SEED = Long.getLong("btf.fuzz.seed", 0x5eedb7fL);
  private static final ExtractLimits LIMITS = new ExtractLimits(64 << 20, 64 << 20, 50);
  private static final Map<String, byte[]> SAMPLES = new LinkedHashMap<>();

  @TempDir
  static Path shared;

  @TempDir
  Path tmp;

  @BeforeAll
  static void buildSamples() throws IOException {
    KernelFixtures fixtures = new KernelFixtures(shared);
    byte[] btf = KernelFixtures.btf();
    byte[] vmlinux = Files.readAllBytes(fixtures.vmlinux(KernelFixtures.RELEASE, btf, false));
    SAMPLES.put("vmlinux", vmlinux);
    for (String c : List.of("gzip", "xz", "zstd", "lz4", "bzip2", "lzma")) {
      SAMPLES.put("bzImage+" + c, fixtures.bzImage(vmlinux, c));
    }
    SAMPLES.put("Image.gz", BtfInputTest.gzip(KernelFixtures.arm64Image("6.1.0-99-arm64", btf)));
    SAMPLES.put("btf.xz", BtfInputTest.xz(btf));
    SAMPLES.put("btfhub", PackageFixtures.tarXz(List.of(Member.file("6.1.0-99-amd64.btf", btf))));
    SAMPLES.put("deb", Files.readAllBytes(PackageFixtures.deb(shared, "linux-image-" + KernelFixtures.RELEASE,
        KernelFixtures.RELEASE, "amd64", PackageFixtures.DEBIAN_MAINTAINER, SAMPLES.get("bzImage+zstd"), "zstd")));
    String rpmRelease = "6.1.0-99.fc40.x86_64";
    byte[] rpmImage = fixtures.bzImage(Files.readAllBytes(fixtures.vmlinux(rpmRelease, btf, false)), "xz");
    SAMPLES.put("rpm", Files.readAllBytes(PackageFixtures.rpm(shared, rpmRelease, rpmImage, "w9.xzdio")));
  }

  @Test
  void unmutatedSamplesAllExtract() throws IOException {
    for (Map.Entry<String, byte[]> sample : SAMPLES.entrySet()) {
      ExtractedKernel k = extractor().extract(Files.write(tmp.resolve("upload"), sample.getValue()), LIMITS);
      assertThat(k.btf().bytes()).as(sample.getKey()).isEqualTo(KernelFixtures.btf());
    }
  }

  @Test
  void mutatedSamplesOnlyRaiseModuleExceptions() throws IOException {
    List<String> names = new ArrayList<>(SAMPLES.keySet());
    for (int i = 0; i < 600; i++) {
      Random random = new Random(SEED * 31 + i);
      String name = names.get(i % names.size());
      byte[] mutated = mutate(SAMPLES.get(name), random);
      extractOrReject(mutated, name + " try " + i + " (btf.fuzz.seed=" + SEED + ")");
    }
  }

  @Test
  void mutatedHeadsOfTheRealDebianPackageOnlyRaiseModuleExceptions() throws IOException {
    byte[] deb = Files.readAllBytes(SharedPackages.file(SharedPackages.DEBIAN_6_12_CLOUD_AMD64));
    for (int i = 0; i < 4; i++) {
      Random random = new Random(SEED * 17 + i);
      byte[] mutated = i % 2 == 0
          ? Arrays.copyOf(deb, random.nextInt(deb.length)) // cut anywhere
          : flip(deb.clone(), random, 2048); // damage the ar and control headers
      extractOrReject(mutated, "real deb try " + i + " (btf.fuzz.seed=" + SEED + ")");
    }
  }

  private KernelBtfExtractor extractor() throws IOException {
    return new KernelBtfExtractor(Files.createDirectories(tmp.resolve("work")));
  }

  private void extractOrReject(byte[] upload, String what) throws IOException {
    Path file = Files.write(tmp.resolve("upload"), upload);
    try {
      extractor().extract(file, LIMITS);
    } catch (BtfStoreException expected) {
      // InvalidBtfException, UnsafeArchiveException, InputTooLargeException
    } catch (IOException | RuntimeException | Error e) {
      throw new AssertionError("unexpected " + e + " on " + what, e);
    }
    try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
      assertThat(left).as("work files left after %s", what).isEmpty();
    }
  }

  /** Flips a few bytes (half the time in the first kilobyte, where the headers are), cuts, or inserts. */
  private static byte[] mutate(byte[] sample, Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Arrays.copyOf(sample, random.nextInt(sample.length));
      case 1 -> insert(sample, random);
      default -> flip(sample.clone(), random, random.nextBoolean() ? 1024 : sample.length);
    };
  }

  private static byte[] flip(byte[] blob, Random random, int within) {
    int changes = 1 + random.nextInt(4);
    for (int c = 0; c < changes; c++) {
      blob[random.nextInt(Math.min(within, blob.length))] = (byte) random.nextInt(256);
    }
    return blob;
  }

  private static byte[] insert(byte[] sample, Random random) {
    int at = random.nextInt(sample.length);
    byte[] extra = new byte[1 + random.nextInt(16)];
    random.nextBytes(extra);
    byte[] out = new byte[sample.length + extra.length];
    System.arraycopy(sample, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(sample, at, out, at + extra.length, sample.length - at);
    return out;
  }
}
