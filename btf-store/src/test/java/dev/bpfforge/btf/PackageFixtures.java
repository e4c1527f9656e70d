package dev.bpfforge.btf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Kernel packages for tests: real ones made by dpkg-deb and rpmbuild around a fixture kernel
 * image, and hostile ones written member by member, since no packaging tool would make them.
 */
final class PackageFixtures {

  static final String DEBIAN_MAINTAINER = "Debian Kernel Team <debian-kernel@lists.debian.org>";

  /** A tar member for hand-made archives: a file with content, or a link to {@code linkTarget}. */
  record Member(String name, byte[] content, String linkTarget, long zeros) {

    static Member file(String name, byte[] content) {
      return new Member(name, content, null, 0);
    }

    static Member symlink(String name, String target) {
      return new Member(name, new byte[0], target, 0);
    }

    /** A file of {@code count} zero bytes, streamed: a bomb costs nothing to write. */
    static Member zeros(String name, long count) {
      return new Member(name, new byte[0], null, count);
    }
  }

  private PackageFixtures() {
  }

  /** A .deb of {@code boot/vmlinuz-<release>} built by dpkg-deb, data.tar compressed with {@code compression}. */
  static Path deb(Path dir, String packageName, String release, String arch, String maintainer, byte[] image,
                  String compression) throws IOException {
    Path root = Files.createTempDirectory(dir, "debroot-");
    Files.createDirectories(root.resolve("DEBIAN"));
    Files.createDirectories(root.resolve("boot"));
    Files.writeString(root.resolve("DEBIAN/control"), String.join("\n",
        "Package: " + packageName, "Source: linux", "Version: 6.1.99-1", "Architecture: " + arch,
        "Maintainer: " + maintainer, "Description: Linux for tests", " A kernel image built by the test.", ""));
    Files.write(root.resolve("boot/System.map-" + release), "ffffffff81000000 T _text\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(root.resolve("boot/vmlinuz-" + release), image);
    Path deb = dir.resolve(packageName + "-" + compression + ".deb");
    Tools.run(dir, "dpkg-deb", "--build", "--root-owner-group", "-Z" + compression, root.toString(), deb.toString());
    return deb;
  }

  /** A binary .rpm holding {@code lib/modules/<release>/vmlinuz}, payload compressed per {@code payload} (e.g. w19.zstdio). */
  static Path rpm(Path dir, String release, byte[] image, String payload) throws IOException {
    Path top = Files.createTempDirectory(dir, "rpmbuild-");
    Files.createDirectories(top.resolve("SOURCES"));
    Files.createDirectories(top.resolve("SPECS"));
    Files.write(top.resolve("SOURCES/vmlinuz"), image);
    Files.writeString(top.resolve("SPECS/kernel.spec"), String.join("\n",
        "Name: kernel-core", "Version: 6.1.0", "Release: 99.fc40", "Summary: Linux for tests",
        "License: GPL-2.0-only", "BuildArch: x86_64",
        "%global debug_package %{nil}", "%global __os_install_post %{nil}", "%global _build_id_links none",
        "%description", "A kernel image built by the test.",
        "%install", "mkdir -p %{buildroot}/lib/modules/" + release,
        "cp %{_sourcedir}/vmlinuz %{buildroot}/lib/modules/" + release + "/vmlinuz",
        "%files", "/lib/modules/" + release + "/vmlinuz", ""));
    Tools.run(top, "rpmbuild", "-bb", "--quiet", "--define", "_topdir " + top, "--define", "_binary_payload " + payload,
        "--define", "vendor Fedora Project", "--target", "x86_64", top.resolve("SPECS/kernel.spec").toString());
    try (var found = Files.walk(top.resolve("RPMS"))) {
      return found.filter(p -> p.toString().endsWith(".rpm")).findFirst().orElseThrow();
    }
  }

  /** A .deb written member by member: control as given, data.tar.xz holding {@code members}. */
  static byte[] handMadeDeb(String control, List<Member> members) throws IOException {
    ByteArrayOutputStream deb = new ByteArrayOutputStream();
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(deb)) {
      arMember(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      arMember(ar, "control.tar.xz", tarXz(List.of(Member.file("./control", control.getBytes(StandardCharsets.UTF_8)))));
      arMember(ar, "data.tar.xz", tarXz(members));
    }
    return deb.toByteArray();
  }

  static String control(String packageName, String arch) {
    return "Package: " + packageName + "\nVersion: 6.1.99-1\nArchitecture: " + arch + "\nMaintainer: "
        + DEBIAN_MAINTAINER + "\nDescription: test\n";
  }

  /** A tar.xz of {@code members} (a BTFHub entry, a deb's data.tar.xz). */
  static byte[] tarXz(List<Member> members) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1));
         TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Member m : members) {
        // preserveAbsolutePath: commons-compress would otherwise strip the leading "/" we test.
        TarArchiveEntry entry = m.linkTarget() != null
            ? new TarArchiveEntry(m.name(), TarConstants.LF_SYMLINK, true)
            : new TarArchiveEntry(m.name(), true);
        if (m.linkTarget() != null) {
          entry.setLinkName(m.linkTarget());
        } else {
          entry.setSize(m.zeros() > 0 ? m.zeros() : m.content().length);
        }
        tar.putArchiveEntry(entry);
        tar.write(m.content());
        writeZeros(tar, m.zeros());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static void arMember(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
    ar.write(content);
    ar.closeArchiveEntry();
  }

  private static void writeZeros(OutputStream out, long count) throws IOException {
    byte[] block = new byte[64 * 1024];
    for (long left = count; left > 0; left -= block.length) {
      out.write(block, 0, (int) Math.min(block.length, left));
    }
  }
}
