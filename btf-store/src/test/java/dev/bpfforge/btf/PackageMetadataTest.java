package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Release, flavour and distribution from package metadata, as distributions actually name them. */
class PackageMetadataTest {

  @ParameterizedTest
  @CsvSource({
      "linux-image-6.1.0-50-amd64, 6.1.0-50-amd64",
      "linux-image-6.12.94+deb13-cloud-amd64-unsigned, 6.12.94+deb13-cloud-amd64",
      "linux-image-6.1.0-50-amd64-dbg, 6.1.0-50-amd64",
      "linux-image-unsigned-6.8.0-48-generic, 6.8.0-48-generic",
      "linux-image-6.8.0-48-generic, 6.8.0-48-generic",
      "linux-image-unsigned-6.8.0-48-generic-dbgsym, 6.8.0-48-generic",
      "linux-image-amd64, ",
      "linux-headers-6.1.0-50-amd64, ",
  })
  void debianPackageNameCarriesTheRelease(String packageName, String release) {
    DebControl control = new DebControl(packageName, "1", "amd64", "");

    assertThat(control.release()).isEqualTo(Optional.ofNullable(release));
  }

  @ParameterizedTest
  @CsvSource({
      "6.1.0-50-amd64, amd64",
      "6.1.0-50-cloud-amd64, cloud-amd64",
      "6.12.94+deb13-cloud-amd64, cloud-amd64",
      "6.12.38+deb13-rt-amd64, rt-amd64",
      "5.10.0-0.deb10.16-amd64, amd64",
      "6.8.0-48-generic, generic",
      "5.15.0-1034-aws, aws",
      "4.18.0-425.3.1.el8.x86_64, ",
      "6.1.0, ",
  })
  void flavourIsWhatFollowsTheVersionAndAbi(String release, String flavour) {
    assertThat(DebControl.flavour(KernelRelease.parse(release))).isEqualTo(Optional.ofNullable(flavour));
  }

  @ParameterizedTest
  @CsvSource({
      "6.1.99-1, Debian Kernel Team <debian-kernel@lists.debian.org>, debian",
      "6.12.94-1~bpo12+1, Debian Kernel Team <debian-kernel@lists.debian.org>, debian",
      "6.8.0-48.48, Ubuntu Kernel Team <kernel-team@lists.ubuntu.com>, ubuntu",
      "6.8.0-48.48, Someone Else <x@example.org>, ",
  })
  void debianOrUbuntuIsToldByVersionAndMaintainer(String version, String maintainer, String distro) {
    assertThat(new DebControl("linux-image-x", version, "amd64", maintainer).distro())
        .isEqualTo(Optional.ofNullable(distro));
  }

  @ParameterizedTest
  @CsvSource({
      "Fedora Project, 300.fc40, fedora",
      "Red Hat&comma; Inc., 427.el9, rhel",
      "Rocky Enterprise Software Foundation, 427.el9, rocky",
      "AlmaLinux, 427.el9, almalinux",
      "Amazon Linux, 1.amzn2023, amzn",
      "SUSE LLC <https://www.suse.com/>, 150600.23.7.1, suse",
      ", 300.fc40, fedora",
      ", 427.el9, ",
  })
  void rpmDistributionIsToldByVendorThenDistTag(String vendor, String release, String distro) {
    String v = vendor == null ? null : vendor.replace("&comma;", ",");
    RpmHeader header = new RpmHeader(v == null ? Map.of(RpmHeader.RELEASE, release)
        : Map.of(RpmHeader.VENDOR, v, RpmHeader.RELEASE, release), 0);

    assertThat(RpmPackage.distro(header)).isEqualTo(Optional.ofNullable(distro));
  }
}
