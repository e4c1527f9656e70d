package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Raw BTF, compressed or not, and vmlinux ELF files. */
class RawAndElfExtractionTest {

  static final ExtractLimits LIMITS = new ExtractLimits(64 << 20, 256 << 20, 50);
  private static final byte[] BANNER = "\0Linux version 6.1.0-test (builder@example.org) (gcc 12) #1\n\0"
      .getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path tmp;

  private final byte[] btf = KernelFixtures.btf();

  private ExtractedKernel extract(byte[] upload) throws IOException {
    return new KernelBtfExtractor(tmp).extract(Files.write(tmp.resolve("upload"), upload), LIMITS);
  }

  @Test
  void rawBtfIsTakenAsItIs() throws IOException {
    ExtractedKernel k = extract(btf);

    assertThat(k.btf().bytes()).isEqualTo(btf);
    assertThat(k.sourceFormat()).isEqualTo("btf");
    assertThat(k.release()).isEmpty();
    assertThat(k.arch()).isEmpty();
    assertThat(k.steps()).containsExactly("BTF: " + btf.length + " bytes");
  }

  @Test
  void compressedRawBtfIsDetectedByItsMagic() throws IOException {
    assertThat(extract(BtfInputTest.xz(btf))).satisfies(k -> {
      assertThat(k.sourceFormat()).isEqualTo("btf+xz");
      assertThat(k.btf().bytes()).isEqualTo(btf);
    });
    assertThat(extract(BtfInputTest.gzip(btf)).sourceFormat()).isEqualTo("btf+gzip");
    assertThat(extract(Zstd.compress(btf)).sourceFormat()).isEqualTo("btf+zstd");
    assertThat(extract(bzip2(btf)).sourceFormat()).isEqualTo("btf+bzip2");
  }

  @Test
  void realKernelBtfCompressedWithXzIsReadWhole() throws IOException {
    ExtractedKernel k = new KernelBtfExtractor(tmp).extract(SharedBtf.file(SharedBtf.DEBIAN_5_10_AMD64), LIMITS);

    assertThat(k.sourceFormat()).isEqualTo("btf+xz");
    assertThat(k.btf().bytes()).isEqualTo(SharedBtf.raw(SharedBtf.DEBIAN_5_10_AMD64));
    assertThat(k.btf().typeCount()).isEqualTo(82904);
  }

  @Test
  void vmlinuxElfGivesItsBtfSectionBannerReleaseAndArch() throws IOException {
    Path vmlinux = new KernelFixtures(tmp).vmlinux("6.1.0-test", btf, false);

    ExtractedKernel k = new KernelBtfExtractor(tmp).extract(vmlinux, LIMITS);

    assertThat(k.sourceFormat()).isEqualTo("vmlinux-elf");
    assertThat(k.btf().bytes()).isEqualTo(btf);
    assertThat(k.release()).contains(KernelRelease.parse("6.1.0-test"));
    assertThat(k.arch()).contains(Arch.X86_64);
    assertThat(k.steps()).containsExactly("vmlinux ELF: .BTF " + btf.length + " bytes");
  }

  @ParameterizedTest
  @CsvSource({"true, LITTLE_ENDIAN, 183, arm64", "true, BIG_ENDIAN, 20, ", "false, LITTLE_ENDIAN, 3, ",
      "false, BIG_ENDIAN, 20, "})
  void elfOfEitherClassAndByteOrderIsRead(boolean is64, String order, int machine, String arch) throws IOException {
    ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] sectionBtf = BtfBuilder.sample().build(byteOrder);
    byte[] elf = new ElfWriter(is64, byteOrder, machine).section(".text", new byte[64])
        .section(".rodata", BANNER).section(".BTF", sectionBtf).build();

    ExtractedKernel k = extract(elf);

    assertThat(k.btf().bytes()).isEqualTo(sectionBtf);
    assertThat(k.btf().byteOrder()).isEqualTo(byteOrder);
    assertThat(k.release()).contains(KernelRelease.parse("6.1.0-test"));
    assertThat(k.arch().map(Arch::id)).isEqualTo(java.util.Optional.ofNullable(arch));
  }

  @Test
  void elfWithoutBtfOrDwarfIsRefused() throws IOException {
    Path vmlinux = new KernelFixtures(tmp).vmlinux("6.1.0-test", null, false);

    assertThatThrownBy(() -> new KernelBtfExtractor(tmp).extract(vmlinux, LIMITS))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("no .BTF section in ELF, and no DWARF (.debug_info) to make one from");
  }

  @Test
  void elfWithDwarfButNoBtfIsRefusedWhenPaholeIsNotEnabled() throws IOException {
    Path object = new KernelFixtures(tmp).vmlinux("6.1.0-test", null, true);

    assertThatThrownBy(() -> new KernelBtfExtractor(tmp).extract(object, LIMITS))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("no .BTF section in ELF; it has DWARF, but generating BTF with pahole is not enabled here");
  }

  @Test
  void corruptBtfSectionIsReportedAtItsStep() throws IOException {
    byte[] bad = btf.clone();
    BtfBuilder.putU32(bad, BtfBuilder.STR_LEN, 512 + 4096);
    byte[] elf = new ElfWriter(true, ByteOrder.LITTLE_ENDIAN, ElfWriter.EM_X86_64).section(".BTF", bad).build();

    assertThatThrownBy(() -> extract(elf))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("vmlinux ELF: .BTF " + bad.length + " bytes: string section [")
        .hasMessageContaining("beyond end of data");
  }

  @Test
  void btfSectionBeyondTheEndOfTheFileIsRefused() throws IOException {
    byte[] elf = new ElfWriter(true, ByteOrder.LITTLE_ENDIAN, ElfWriter.EM_X86_64).section(".BTF", btf).build();
    byte[] cut = java.util.Arrays.copyOf(elf, 64 + btf.length / 2);

    assertThatThrownBy(() -> extract(cut))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("ELF section header table");
  }

  @Test
  void unknownFormatNamesWhatIsAccepted() {
    assertThatThrownBy(() -> extract("hello, world".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("unrecognised format (first bytes 68 65 6c 6c 6f 2c 20 77): expected BTF,");
  }

  @Test
  void compressedDataOfAnUnknownFormatIsRefused() {
    assertThatThrownBy(() -> extract(Zstd.compress("hello, world".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("zstd: the zstd data holds no known format (first bytes 68 65");
  }

  static byte[] bzip2(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
      bz.write(data);
    }
    return out.toByteArray();
  }
}
