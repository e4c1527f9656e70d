package dev.bpfforge.btf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A Debian or Ubuntu kernel package: an ar archive of {@code debian-binary}, {@code control.tar.*}
 * and {@code data.tar.*} (xz, zstd, gzip, bzip2 or none, told by the bytes), in that order, as
 * dpkg requires. The kernel image is found in data.tar and read; release, architecture, distro
 * and flavour come from the control file and the image's file name, and must agree with the
 * image's banner.
 */
final class DebPackage {

  static final String FORMAT = "deb";

  private DebPackage() {
  }

  static String extract(Path file, Extraction x) throws IOException {
    try (InputStream in = new BufferedInputStream(FileSlice.open(file, 0, Long.MAX_VALUE));
         ArArchiveInputStream ar = new ArArchiveInputStream(in)) {
      checkDebianBinary(ar, x);
      DebControl control = null;
      ArchiveEntry entry;
      while ((entry = ArchiveMembers.next(ar, "deb", x)) != null) {
        String name = entry.getName();
        if (name.startsWith("control.tar")) {
          try (InputStream controlTar = decoded(ar, x)) {
            control = DebControl.read(controlTar, name, x);
          }
          record(control, x);
        } else if (name.startsWith("data.tar")) {
          if (control == null) {
            throw x.invalid("deb: " + ArchiveMembers.echo(name) + " comes before control.tar");
          }
          x.step("deb: " + ArchiveMembers.echo(name));
          try (InputStream dataTar = decoded(ar, x)) {
            if (!PackagedKernel.extract(new TarArchiveInputStream(dataTar), name, x)) {
              throw x.invalid("no kernel image (boot/vmlinuz-*, boot/vmlinux-*) in the package");
            }
          }
          x.facts().release().flatMap(DebControl::flavour).ifPresent(f -> x.facts().flavour(f));
          return FORMAT;
        }
      }
      throw x.invalid("deb: no data.tar member");
    }
  }

  private static void checkDebianBinary(ArArchiveInputStream ar, Extraction x) throws IOException {
    ArchiveEntry first = ArchiveMembers.next(ar, "deb", x);
    if (first == null || !first.getName().equals("debian-binary")) {
      throw x.invalid("ar archive is not a Debian package: its first member is "
          + (first == null ? "missing" : ArchiveMembers.echo(first.getName())) + ", not debian-binary");
    }
    String version;
    try {
      version = new String(ar.readNBytes(16), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw x.corrupt("deb", e);
    }
    if (!version.startsWith("2.")) {
      throw x.invalid("deb: unsupported format version " + Untrusted.echo(version.strip()) + " (expected 2.x)");
    }
  }

  private static void record(DebControl control, Extraction x) {
    x.step("deb: " + control.describe());
    x.facts().arch(control.architecture(), "the package's Architecture");
    control.release().ifPresent(r -> x.facts().release(r, "the package name"));
    control.distro().ifPresent(d -> x.facts().distro(d));
  }

  /**
   * A member's content, decompressed as its first bytes say (a plain tar has no magic there).
   * Closing it frees the decoder and leaves the ar archive open.
   */
  private static InputStream decoded(InputStream member, Extraction x) throws IOException {
    BufferedInputStream in = new BufferedInputStream(new CloseShield(member));
    in.mark(8);
    byte[] head;
    try {
      head = in.readNBytes(8);
      in.reset();
    } catch (IOException | RuntimeException e) {
      throw x.corrupt("deb", e);
    }
    Compression compression = Compression.detect(head, false);
    return compression == null ? in : Decompression.open(in, compression, x);
  }
}
