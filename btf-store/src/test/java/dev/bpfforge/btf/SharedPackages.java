package dev.bpfforge.btf;

import java.nio.file.Path;

/** Real distribution kernel packages in the shared folder beside the repository (never copied into it). */
final class SharedPackages {

  static final String DEBIAN_6_12_CLOUD_AMD64 =
      "linux-image-6.12.94+deb13-cloud-amd64-unsigned_6.12.94-1_amd64.deb";
  static final String DEBIAN_6_12_RELEASE = "6.12.94+deb13-cloud-amd64";
  /** Types in its .BTF section, as `bpftool btf dump file` counts them (bpftool v7.5). */
  static final int DEBIAN_6_12_TYPES = 108040;
  /** Size of its .BTF section, as `readelf -S` shows it. */
  static final int DEBIAN_6_12_BTF_BYTES = 0x481910;

  private static final Path DIR = Path.of("..", "..", "shared", "kernel-packages");

  private SharedPackages() {
  }

  /** Path of a shared package, after checking it exists (under CI=true: failing if not). */
  static Path file(String name) {
    return SharedBtf.require(DIR.resolve(name));
  }
}
