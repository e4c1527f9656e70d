package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The vmlinux inside Debian's real kernel package, unpacked with the distribution's and the
 * kernel's own tools only, as an independent reference: {@code dpkg-deb -x}, then what the
 * kernel's {@code scripts/extract-vmlinux} does for zstd (the offset of the first zstd magic from
 * {@code grep -abo}, {@code tail | zstd -d}, and a check that an ELF came out).
 */
final class RealVmlinux {

  private RealVmlinux() {
  }

  /** Unpacks {@code deb} under {@code dir}; the vmlinux is left at {@code dir/vmlinux}. */
  static Path extract(Path deb, Path dir) throws IOException {
    Tools.require("zstd");
    Tools.require("grep");
    Tools.run(dir, "dpkg-deb", "-x", deb.toAbsolutePath().toString(), "root");
    String image = "root/boot/vmlinuz-" + SharedPackages.DEBIAN_6_12_RELEASE;
    // zstd complains about the size the kernel's build appends after the frame, as it does in
    // extract-vmlinux; the ELF check is what counts.
    Tools.run(dir, "sh", "-c", "pos=$(LC_ALL=C grep -abo -m1 -P '\\x28\\xb5\\x2f\\xfd' " + image
        + " | head -n1 | cut -d: -f1); tail -c +$((pos + 1)) " + image + " | zstd -dc > vmlinux 2>/dev/null || true;"
        + " test \"$(head -c 4 vmlinux | od -An -c | tr -d ' ')\" = '177ELF'");
    return dir.resolve("vmlinux");
  }
}
