package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.PackageFixtures.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** .deb built by dpkg-deb, .rpm built by rpmbuild, BTFHub archives. */
class PackageExtractionTest {

  private static final ExtractLimits LIMITS = RawAndElfExtractionTest.LIMITS;
  private static final String RELEASE = KernelFixtures.RELEASE;
  private static final String RPM_RELEASE = "6.1.0-99.fc40.x86_64";
  private static final byte[] BTF = KernelFixtures.btf();

  @TempDir
  static Path shared;
  private static byte[] debImage;
  private static byte[] rpmImage;

  @TempDir
  Path tmp;

  @BeforeAll
  static void buildImages() throws IOException {
    KernelFixtures fixtures = new KernelFixtures(shared);
    debImage = fixtures.bzImage(Files.readAllBytes(fixtures.vmlinux(RELEASE, BTF, false)), "zstd");
    rpmImage = fixtures.bzImage(Files.readAllBytes(fixtures.vmlinux(RPM_RELEASE, BTF, false)), "xz");
  }

  private ExtractedKernel extract(Path upload) throws IOException {
    return new KernelBtfExtractor(tmp).extract(upload, LIMITS);
  }

  private ExtractedKernel extract(byte[] upload) throws IOException {
    return extract(Files.write(tmp.resolve("upload"), upload));
  }

  @ParameterizedTest
  @CsvSource({"xz, data.tar.xz", "zstd, data.tar.zst", "gzip, data.tar.gz", "none, data.tar"})
  void debianPackageGivesBtfReleaseArchDistroAndFlavour(String compression, String member) throws IOException {
    Path deb = PackageFixtures.deb(tmp, "linux-image-" + RELEASE + "-unsigned", RELEASE, "amd64",
        PackageFixtures.DEBIAN_MAINTAINER, debImage, compression);

    ExtractedKernel k = extract(deb);

    assertThat(k.sourceFormat()).isEqualTo("deb");
    assertThat(k.btf().bytes()).isEqualTo(BTF);
    assertThat(k.release()).contains(KernelRelease.parse(RELEASE));
    assertThat(k.arch()).contains(Arch.X86_64);
    assertThat(k.distro()).contains("debian");
    assertThat(k.flavour()).contains("cloud-amd64");
    assertThat(k.steps()).hasSize(5).startsWith(
        "deb: linux-image-" + RELEASE + "-unsigned 6.1.99-1 amd64",
        "deb: " + member,
        "boot/vmlinuz-" + RELEASE);
  }

  @Test
  void ubuntuPackageIsToldByItsMaintainer() throws IOException {
    Path deb = PackageFixtures.deb(tmp, "linux-image-unsigned-" + RELEASE, RELEASE, "amd64",
        "Ubuntu Kernel Team <kernel-team@lists.ubuntu.com>", debImage, "zstd");

    assertThat(extract(deb).distro()).contains("ubuntu");
  }

  @Test
  void packageWhoseNameDisagreesWithItsImageIsRefused() throws IOException {
    Path deb = PackageFixtures.deb(tmp, "linux-image-6.1.0-98-amd64", RELEASE, "amd64",
        PackageFixtures.DEBIAN_MAINTAINER, debImage, "xz");

    assertThatThrownBy(() -> extract(deb))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageEndingWith("boot/vmlinuz-" + RELEASE + ": the file name boot/vmlinuz-" + RELEASE
            + " says kernel " + RELEASE + ", but the package name says 6.1.0-98-amd64");
  }

  @Test
  void packageWhoseImageBannerDisagreesIsRefused() throws IOException {
    Path deb = PackageFixtures.deb(tmp, "linux-image-6.1.0-98-amd64", "6.1.0-98-amd64", "amd64",
        PackageFixtures.DEBIAN_MAINTAINER, debImage, "xz");

    assertThatThrownBy(() -> extract(deb))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageEndingWith(": the image's Linux version banner says kernel " + RELEASE
            + ", but the package name says 6.1.0-98-amd64");
  }

  @Test
  void packageForAnotherArchitectureThanItsImageIsRefused() throws IOException {
    Path deb = PackageFixtures.deb(tmp, "linux-image-" + RELEASE, RELEASE, "arm64",
        PackageFixtures.DEBIAN_MAINTAINER, debImage, "xz");

    assertThatThrownBy(() -> extract(deb))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageEndingWith(": the ELF header says x86_64, but the package's Architecture says arm64");
  }

  @Test
  void packageOfAnUnsupportedArchitectureIsRefused() throws IOException {
    Path deb = PackageFixtures.deb(tmp, "linux-image-" + RELEASE, RELEASE, "i386",
        PackageFixtures.DEBIAN_MAINTAINER, debImage, "xz");

    assertThatThrownBy(() -> extract(deb))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageContaining("the package's Architecture: unsupported architecture 'i386'");
  }

  @Test
  void packageWithoutAKernelImageIsRefused() throws IOException {
    byte[] deb = PackageFixtures.handMadeDeb(PackageFixtures.control("linux-image-amd64", "amd64"),
        List.of(Member.file("./usr/share/doc/linux-image-amd64/README", new byte[10])));

    assertThatThrownBy(() -> extract(deb))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("deb: linux-image-amd64 6.1.99-1 amd64: deb: data.tar.xz: "
            + "no kernel image (boot/vmlinuz-*, boot/vmlinux-*) in the package");
  }

  @Test
  void arOfAnotherKindIsNotADebianPackage() throws IOException {
    Path lib = tmp.resolve("libx.a");
    Files.writeString(lib, "!<arch>\nx.o/            0           0     0     644     4         `\nabcd");

    assertThatThrownBy(() -> extract(lib))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("ar archive is not a Debian package: its first member is x.o, not debian-binary");
  }

  @ParameterizedTest
  @CsvSource({"w9.xzdio, xz", "w19.zstdio, zstd", "w9.gzdio, gzip"})
  void rpmPackageGivesBtfReleaseArchAndDistro(String payload, String compression) throws IOException {
    Path rpm = PackageFixtures.rpm(tmp, RPM_RELEASE, rpmImage, payload);

    ExtractedKernel k = extract(rpm);

    assertThat(k.sourceFormat()).isEqualTo("rpm");
    assertThat(k.btf().bytes()).isEqualTo(BTF);
    assertThat(k.release()).contains(KernelRelease.parse(RPM_RELEASE));
    assertThat(k.arch()).contains(Arch.X86_64);
    assertThat(k.distro()).contains("fedora");
    assertThat(k.flavour()).isEmpty();
    assertThat(k.steps().get(0)).isEqualTo("rpm: kernel-core 6.1.0-99.fc40 x86_64");
    assertThat(k.steps().get(1)).matches("rpm: " + compression + " cpio payload at 0x[0-9a-f]+");
    assertThat(k.steps().get(2)).isEqualTo("lib/modules/" + RPM_RELEASE + "/vmlinuz");
  }

  @Test
  void rpmPayloadOfAnUnknownCompressionIsRefused() throws IOException {
    Path rpm = PackageFixtures.rpm(tmp, RPM_RELEASE, rpmImage, "w9.xzdio");
    String step = extract(rpm).steps().get(1); // "rpm: xz cpio payload at 0x..."
    int payload = Integer.parseInt(step.substring(step.indexOf("0x") + 2), 16);
    byte[] damaged = Files.readAllBytes(rpm);
    Arrays.fill(damaged, payload, payload + 6, (byte) 0x11);

    assertThatThrownBy(() -> extract(damaged))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage(String.format("rpm: kernel-core 6.1.0-99.fc40 x86_64: rpm: payload at 0x%x is neither cpio nor"
            + " compressed in a known format (header says xz; first bytes 11 11 11 11 11 11)", payload));
  }

  @Test
  void btfHubArchiveGivesReleaseFromItsMemberName() throws IOException {
    byte[] archive = PackageFixtures.tarXz(List.of(Member.file("5.4.0-1012-aws.btf", BTF)));

    ExtractedKernel k = extract(archive);

    assertThat(k.sourceFormat()).isEqualTo("btfhub");
    assertThat(k.btf().bytes()).isEqualTo(BTF);
    assertThat(k.release()).contains(KernelRelease.parse("5.4.0-1012-aws"));
    assertThat(k.steps()).containsExactly("xz", "btfhub: 5.4.0-1012-aws.btf");
  }

  @Test
  void btfHubArchiveWithTwoFilesIsRefused() throws IOException {
    byte[] archive = PackageFixtures.tarXz(List.of(Member.file("5.4.0-1.btf", BTF), Member.file("5.4.0-2.btf", BTF)));

    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessage("xz: btfhub tar: holds more than one file (5.4.0-1.btf, 5.4.0-2.btf); expected exactly one <release>.btf");
  }

  @Test
  void btfHubMemberNotNamedForAReleaseIsRefused() throws IOException {
    byte[] archive = PackageFixtures.tarXz(List.of(Member.file("vmlinux.btf", BTF)));

    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageStartingWith("xz: btfhub: vmlinux.btf: the BTFHub file name: kernel release 'vmlinux'");
  }
}
