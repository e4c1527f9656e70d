package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.PackageFixtures.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives and streams made to escape, exhaust or mislead the extractor. */
class HostileUploadTest {

  private static final String CONTROL = PackageFixtures.control("linux-image-6.1.0-99-amd64", "amd64");
  private static final String WHERE = "deb: linux-image-6.1.0-99-amd64 6.1.99-1 amd64: deb: data.tar.xz: ";
  private static final long MB = 1024 * 1024;

  @TempDir
  Path tmp;

  private ExtractedKernel extract(byte[] upload, ExtractLimits limits) throws IOException {
    Path file = Files.write(tmp.resolve("upload"), upload);
    Path work = Files.createDirectories(tmp.resolve("work"));
    return new KernelBtfExtractor(work).extract(file, limits);
  }

  private ExtractedKernel extractDeb(List<Member> members) throws IOException {
    return extract(PackageFixtures.handMadeDeb(CONTROL, members), RawAndElfExtractionTest.LIMITS);
  }

  @Test
  void memberWithDotDotIsRefused() {
    assertThatThrownBy(() -> extractDeb(List.of(Member.file("../../etc/x", new byte[1]))))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessage(WHERE + "data.tar.xz: member ../../etc/x is outside the archive");
  }

  @Test
  void dotDotInsideAPathIsRefusedToo() {
    assertThatThrownBy(() -> extractDeb(List.of(Member.file("./boot/../../vmlinuz-6.1.0-99-amd64", new byte[1]))))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageEndingWith("member ./boot/../../vmlinuz-6.1.0-99-amd64 is outside the archive");
  }

  @Test
  void absoluteMemberIsRefused() {
    assertThatThrownBy(() -> extractDeb(List.of(Member.file("/boot/vmlinuz-6.1.0-99-amd64", new byte[1]))))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessage(WHERE + "data.tar.xz: member /boot/vmlinuz-6.1.0-99-amd64 is an absolute path");
  }

  @Test
  void kernelImageThatIsASymlinkIsRefused() {
    assertThatThrownBy(() -> extractDeb(List.of(Member.symlink("./boot/vmlinuz-6.1.0-99-amd64", "/etc/shadow"))))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessage(WHERE + "data.tar.xz: member boot/vmlinuz-6.1.0-99-amd64 is a link (to /etc/shadow);"
            + " the kernel image must be a regular file");
  }

  @Test
  void kernelImageThatIsASymlinkMadeByDpkgDebIsRefused() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("DEBIAN"));
    Files.createDirectories(root.resolve("boot"));
    Files.writeString(root.resolve("DEBIAN/control"), CONTROL);
    Path link = Files.createSymbolicLink(root.resolve("boot/vmlinuz-6.1.0-99-amd64"), Path.of("/etc/shadow"));
    Tools.run(tmp, "dpkg-deb", "--build", "--root-owner-group", "-Zxz", root.toString(), "evil.deb");
    Files.delete(link);

    assertThatThrownBy(() -> extract(Files.readAllBytes(tmp.resolve("evil.deb")), RawAndElfExtractionTest.LIMITS))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageEndingWith("member boot/vmlinuz-6.1.0-99-amd64 is a link (to /etc/shadow);"
            + " the kernel image must be a regular file");
  }

  @Test
  void xzBombInsideADebStopsAtTheOutputLimit() throws IOException {
    byte[] bomb = PackageFixtures.handMadeDeb(CONTROL, List.of(Member.zeros("./boot/padding", 64 * MB)));
    assertThat(bomb.length).isLessThan(100_000);

    assertThatThrownBy(() -> extract(bomb, new ExtractLimits(MB, 16 * MB, 100_000)))
        .isInstanceOf(InputTooLargeException.class)
        .isNotInstanceOf(RatioLimitException.class)
        .hasMessage(WHERE + "decompressed data exceeds the limit of " + 16 * MB + " bytes");
  }

  @Test
  void ratioBombInsideADebStopsAtTheRatio() throws IOException {
    byte[] bomb = PackageFixtures.handMadeDeb(CONTROL, List.of(Member.zeros("./boot/padding", 32 * MB)));

    assertThatThrownBy(() -> extract(bomb, new ExtractLimits(MB, 1024 * MB, 20)))
        .isInstanceOf(RatioLimitException.class)
        .hasMessageStartingWith(WHERE + "decompressed data grew past 20 times the compressed bytes read (")
        .satisfies(e -> assertThat(((RatioLimitException) e).maxRatio()).isEqualTo(20));
  }

  @Test
  void compressedBtfBombStopsAtTheRatio() throws IOException {
    byte[] bomb = BtfInputTest.xz(new byte[(int) (32 * MB)]);

    assertThatThrownBy(() -> extract(bomb, new ExtractLimits(MB, 1024 * MB, 20)))
        .isInstanceOf(RatioLimitException.class)
        .hasMessageStartingWith("xz: decompressed data grew past 20 times the compressed bytes read (");
  }

  @Test
  void tinyCompressedInputsAreAllowedAboveTheRatio() throws IOException {
    // 700 bytes of BTF compress far less than 20:1, but a few hundred zero bytes of padding would
    // not: the floor lets small inputs through whatever their ratio.
    byte[] padded = BtfInputTest.gzip(KernelFixtures.btf());

    assertThat(extract(padded, new ExtractLimits(MB, MB * 4, 1)).sourceFormat()).isEqualTo("btf+gzip");
  }

  @Test
  void uploadOverTheInputLimitIsRefusedBeforeReading() {
    assertThatThrownBy(() -> extract(new byte[2048], new ExtractLimits(1024, MB, 10)))
        .isInstanceOf(InputTooLargeException.class)
        .hasMessage("upload of 2048 bytes exceeds the limit of 1024 bytes");
  }

  @Test
  void workDirectoryIsEmptyAfterSuccessAndFailure() throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    KernelBtfExtractor extractor = new KernelBtfExtractor(work);
    Path good = Files.write(tmp.resolve("good"), BtfInputTest.xz(KernelFixtures.btf()));
    Path bad = Files.write(tmp.resolve("bad"), PackageFixtures.handMadeDeb(CONTROL,
        List.of(Member.file("./boot/vmlinuz-6.1.0-99-amd64", "not a kernel".getBytes()))));

    extractor.extract(good, RawAndElfExtractionTest.LIMITS);
    assertThatThrownBy(() -> extractor.extract(bad, RawAndElfExtractionTest.LIMITS))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage(WHERE + "boot/vmlinuz-6.1.0-99-amd64: not a kernel image: not an ELF, bzImage or arm64 Image"
            + " (first bytes 6e 6f 74 20 61 20 6b 65)");

    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).isEmpty();
    }
  }
}
