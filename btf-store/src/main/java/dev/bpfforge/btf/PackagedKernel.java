package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;

/**
 * Finds the kernel image among a package's files and takes its BTF. Where distributions put it:
 * Debian and Ubuntu {@code boot/vmlinuz-<release>}, Fedora and RHEL
 * {@code lib/modules/<release>/vmlinuz}, debug packages {@code usr/lib/debug/boot/vmlinux-<release>}
 * or {@code usr/lib/debug/lib/modules/<release>/vmlinux}.
 */
final class PackagedKernel {

  private static final Pattern IMAGE = Pattern.compile(
      "(?:usr/lib/debug/)?(?:boot/vmlinu[xz](?:-(?<boot>[^/]+))?|(?:usr/)?lib/modules/(?<modules>[^/]+)/vmlinu[xz])");

  private PackagedKernel() {
  }

  /**
   * Reads {@code archive} up to the first kernel image, copies it to a work file (bounded by the
   * output limit), records the release its path names, and extracts its BTF. Members after it are
   * not read.
   *
   * @param archiveName for steps and messages, e.g. "data.tar.xz"
   * @return whether a kernel image was found
   */
  static boolean extract(ArchiveInputStream<?> archive, String archiveName, Extraction x) throws IOException {
    ArchiveEntry entry;
    while ((entry = ArchiveMembers.next(archive, archiveName, x)) != null) {
      String name = ArchiveMembers.safeName(entry, archiveName, x);
      Matcher m = IMAGE.matcher(name);
      if (!m.matches()) {
        continue;
      }
      if (ArchiveMembers.isLink(entry)) {
        throw x.unsafe(archiveName + ": member " + ArchiveMembers.echo(name) + " is a link"
            + ArchiveMembers.linkTarget(entry) + "; the kernel image must be a regular file");
      }
      if (!ArchiveMembers.isRegularFile(entry)) {
        continue;
      }
      x.step(ArchiveMembers.echo(name));
      Path image = Decompression.copy(archive, archiveName, x.limits().maxOutputBytes(), x);
      releaseFrom(m).ifPresent(r -> x.facts().release(r, "the file name " + ArchiveMembers.echo(name)));
      KernelImages.extract(image, Sniffer.sniff(image), x);
      return true;
    }
    return false;
  }

  /** The release a path names, if it is one ({@code boot/vmlinuz-old} names none). */
  private static Optional<KernelRelease> releaseFrom(Matcher m) {
    String value = m.group("boot") != null ? m.group("boot") : m.group("modules");
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(KernelRelease.parse(value));
    } catch (InvalidIdentifierException e) {
      return Optional.empty();
    }
  }
}
