package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** x86 bzImage with each payload compression the kernel supports, and arm64 Image / Image.gz. */
class KernelImageExtractionTest {

  private static final ExtractLimits LIMITS = RawAndElfExtractionTest.LIMITS;
  private static final String RELEASE = "6.1.0-99-cloud-amd64";
  private static final byte[] BTF = KernelFixtures.btf();

  @TempDir
  static Path shared;
  private static byte[] vmlinux;

  @TempDir
  Path tmp;

  @BeforeAll
  static void buildVmlinux() throws IOException {
    vmlinux = Files.readAllBytes(new KernelFixtures(shared).vmlinux(RELEASE, BTF, false));
  }

  private ExtractedKernel extract(byte[] upload) throws IOException {
    return new KernelBtfExtractor(tmp).extract(Files.write(tmp.resolve("upload"), upload), LIMITS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "xz", "zstd", "lz4", "bzip2", "lzma"})
  void bzImagePayloadIsFoundByTheSetupHeaderAndDecompressed(String compressor) throws IOException {
    byte[] image = new KernelFixtures(tmp).bzImage(vmlinux, compressor);

    ExtractedKernel k = extract(image);

    assertThat(k.sourceFormat()).isEqualTo("bzImage+" + compressor);
    assertThat(k.btf().bytes()).isEqualTo(BTF);
    assertThat(k.release()).contains(KernelRelease.parse(RELEASE));
    assertThat(k.arch()).contains(Arch.X86_64);
    assertThat(k.steps()).hasSize(2);
    assertThat(k.steps().get(0)).startsWith("bzImage: " + compressor + " payload at 0x9c0 (");
    assertThat(k.steps().get(1)).isEqualTo("vmlinux ELF: .BTF " + BTF.length + " bytes");
  }

  @Test
  void bzImageCutShortOfItsPayloadIsRefused() throws IOException {
    byte[] image = new KernelFixtures(tmp).bzImage(vmlinux, "zstd");
    byte[] cut = Arrays.copyOf(image, 0x9c0 + 100);

    assertThatThrownBy(() -> extract(cut))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageMatching("bzImage: payload \\[0x9c0, 0x[0-9a-f]+\\) beyond end of file \\(2596 bytes\\); the image is truncated");
  }

  @Test
  void bzImageWhoseCompressedStreamStopsShortIsRefused() throws IOException {
    byte[] compressed = new KernelFixtures(tmp).compress(vmlinux, "xz");
    byte[] image = KernelFixtures.bzImage(Arrays.copyOf(compressed, compressed.length / 2));

    assertThatThrownBy(() -> extract(image))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("bzImage: xz payload at 0x9c0 (")
        .hasMessageContaining(": corrupt xz data: ");
  }

  @Test
  void bzImagePayloadThatIsNoElfIsRefused() throws IOException {
    byte[] image = new KernelFixtures(tmp).bzImage("not a kernel".getBytes(), "gzip");

    assertThatThrownBy(() -> extract(image))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageEndingWith("payload is not an ELF image (first bytes 6e 6f 74 20 61 20 6b 65)");
  }

  @Test
  void bzImageWithUnknownPayloadCompressionIsRefused() {
    byte[] image = KernelFixtures.bzImage(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    assertThatThrownBy(() -> extract(image))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("bzImage: payload at 0x9c0 has an unknown compression (first bytes 01 02 03 04 05 06)");
  }

  @Test
  void bzImageOfAnOldBootProtocolIsRefused() throws IOException {
    byte[] image = new KernelFixtures(tmp).bzImage(vmlinux, "gzip");
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putShort(0x206, (short) 0x0207);

    assertThatThrownBy(() -> extract(image))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("bzImage: boot protocol 2.07 is older than 2.08 and has no payload fields");
  }

  @Test
  void arm64ImageBtfIsFoundByItsHeader() throws IOException {
    ExtractedKernel k = extract(KernelFixtures.arm64Image("6.1.0-99-arm64", BTF));

    assertThat(k.sourceFormat()).isEqualTo("arm64-image");
    assertThat(k.btf().bytes()).isEqualTo(BTF);
    assertThat(k.release()).contains(KernelRelease.parse("6.1.0-99-arm64"));
    assertThat(k.arch()).contains(Arch.ARM64);
    assertThat(k.steps()).containsExactly("arm64 Image", "BTF at 0x2000 (" + BTF.length + " bytes)");
  }

  @Test
  void arm64ImageGzIsDecompressedFirst() throws IOException {
    ExtractedKernel k = extract(BtfInputTest.gzip(KernelFixtures.arm64Image("6.1.0-99-arm64", BTF)));

    assertThat(k.sourceFormat()).isEqualTo("arm64-image+gzip");
    assertThat(k.btf().bytes()).isEqualTo(BTF);
    assertThat(k.arch()).contains(Arch.ARM64);
    assertThat(k.steps()).first().isEqualTo("gzip");
  }

  @Test
  void realArm64BtfInsideAnImageIsFound() throws IOException {
    byte[] real = SharedBtf.raw(SharedBtf.DEBIAN_6_1_ARM64);

    ExtractedKernel k = extract(KernelFixtures.arm64Image("6.1.0-50-arm64", real));

    assertThat(k.btf().bytes()).isEqualTo(real);
    assertThat(k.btf().typeCount()).isEqualTo(109496);
  }

  @Test
  void arm64ImageWithDamagedBtfReportsTheDefect() {
    byte[] bad = BTF.clone();
    bad[bad.length - 1] = 'x'; // string section no longer ends with NUL

    assertThatThrownBy(() -> extract(KernelFixtures.arm64Image("6.1.0-99-arm64", bad)))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("arm64 Image: BTF at 0x2000: string section does not end with NUL");
  }

  @Test
  void arm64ImageWithoutBtfIsRefused() {
    byte[] image = KernelFixtures.arm64Image("6.1.0-99-arm64", new byte[0]);

    assertThatThrownBy(() -> extract(image))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("arm64 Image: no BTF in the image (a kernel built without CONFIG_DEBUG_INFO_BTF?)");
  }
}
