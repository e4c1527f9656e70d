package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's real 6.12 vmlinux (57 MiB, unpacked by {@link RealVmlinux}) wrapped as a bzImage with
 * every payload compression the kernel supports, and uploaded bare and as vmlinux.xz: each must
 * give exactly the .BTF section {@code llvm-objcopy} takes from it, under the default limits
 * (whose ratio check must let a real kernel's leading zero padding through). Fast compression
 * levels keep this test short; the kernel build's own options are exercised on small images in
 * {@link KernelImageExtractionTest}.
 */
class RealVmlinuxRewrappedIT {

  private static final Map<String, String[]> FAST = Map.of(
      "gzip", new String[] {"gzip", "-1", "-n", "-c"},
      "xz", new String[] {"xz", "--check=crc32", "--x86", "--lzma2=preset=0", "-c"},
      "zstd", new String[] {"zstd", "-3", "--long=27", "-q", "-c"},
      "lz4", new String[] {"lz4", "-l", "-1", "-c"},
      "bzip2", new String[] {"bzip2", "-1", "-c"},
      "lzma", new String[] {"lzma", "-0", "-c"});

  @TempDir
  static Path tmp;
  private static Path vmlinux;
  private static byte[] section;
  private static final Map<String, Path> COMPRESSED = new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir
  Path work;

  @BeforeAll
  static void unpack() throws IOException {
    vmlinux = RealVmlinux.extract(SharedPackages.file(SharedPackages.DEBIAN_6_12_CLOUD_AMD64), tmp);
    Tools.run(tmp, "llvm-objcopy", "--dump-section", ".BTF=vmlinux.btf", "vmlinux", "/dev/null");
    section = Files.readAllBytes(tmp.resolve("vmlinux.btf"));
  }

  /** The vmlinux compressed once per compressor, shared by the tests. */
  private static Path compressed(String compressor) throws IOException {
    Path out = tmp.resolve("vmlinux." + compressor);
    if (!COMPRESSED.containsKey(compressor)) {
      Tools.run(tmp, vmlinux, out, FAST.get(compressor));
      COMPRESSED.put(compressor, out);
    }
    return out;
  }

  private ExtractedKernel extract(Path upload) throws IOException {
    return new KernelBtfExtractor(work).extract(upload, ExtractLimits.defaults());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "xz", "zstd", "lz4", "bzip2", "lzma"})
  void realVmlinuxInABzImageGivesItsBtfSection(String compressor) throws IOException {
    Path compressed = compressed(compressor);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(Files.readAllBytes(compressed));
    if (!compressor.equals("gzip")) {
      payload.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) Files.size(vmlinux)).array());
    }
    Path image = Files.write(tmp.resolve("bzImage." + compressor), KernelFixtures.bzImage(payload.toByteArray()));

    ExtractedKernel k = extract(image);

    assertThat(k.sourceFormat()).isEqualTo("bzImage+" + compressor);
    assertThat(k.btf().bytes()).isEqualTo(section);
    assertThat(k.release()).contains(KernelRelease.parse(SharedPackages.DEBIAN_6_12_RELEASE));
    assertThat(k.arch()).contains(Arch.X86_64);
  }

  @Test
  void bareRealVmlinuxGivesItsBtfSection() throws IOException {
    ExtractedKernel k = extract(vmlinux);

    assertThat(k.sourceFormat()).isEqualTo("vmlinux-elf");
    assertThat(k.btf().bytes()).isEqualTo(section);
    assertThat(k.release()).contains(KernelRelease.parse(SharedPackages.DEBIAN_6_12_RELEASE));
  }

  @Test
  void realVmlinuxXzGivesItsBtfSection() throws IOException {
    ExtractedKernel k = extract(compressed("xz")); // a .xz file, with the kernel build's BCJ filter

    assertThat(k.sourceFormat()).isEqualTo("vmlinux-elf+xz");
    assertThat(k.btf().bytes()).isEqualTo(section);
  }
}
