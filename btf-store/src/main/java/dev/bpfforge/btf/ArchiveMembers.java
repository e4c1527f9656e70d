package dev.bpfforge.btf;

import java.io.IOException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reading members of untrusted tar and cpio archives. Nothing is ever unpacked to a path the
 * archive names; still, a member that would land outside the archive if it were ({@code ..},
 * an absolute path) marks a crafted archive, and the whole upload is refused.
 */
final class ArchiveMembers {

  private static final int MAX_NAME_ECHO = 120;

  private ArchiveMembers() {
  }

  /** The next entry, or {@code null} at the end; read errors mean a corrupt {@code archive}. */
  static ArchiveEntry next(ArchiveInputStream<?> in, String archive, Extraction x) throws IOException {
    try {
      return in.getNextEntry();
    } catch (IOException | RuntimeException e) {
      throw x.corrupt(archive, e);
    }
  }

  /**
   * The member's name without a leading {@code ./}, after refusing names that escape the archive.
   *
   * @throws UnsafeArchiveException for an absolute name or one with a {@code ..} component
   */
  static String safeName(ArchiveEntry entry, String archive, Extraction x) {
    String name = entry.getName();
    if (name.startsWith("/")) {
      throw x.unsafe(archive + ": member " + echo(name) + " is an absolute path");
    }
    for (String part : name.split("/", -1)) {
      if (part.equals("..")) {
        throw x.unsafe(archive + ": member " + echo(name) + " is outside the archive");
      }
    }
    String relative = name;
    while (relative.startsWith("./")) {
      relative = relative.substring(2);
    }
    return relative;
  }

  /** Whether the entry is a symbolic or hard link rather than a file with its own content. */
  static boolean isLink(ArchiveEntry entry) {
    if (entry instanceof TarArchiveEntry tar) {
      return tar.isSymbolicLink() || tar.isLink();
    }
    if (entry instanceof CpioArchiveEntry cpio) {
      // In cpio, hard links share an inode; all but one carry no data.
      return cpio.isSymbolicLink() || cpio.getNumberOfLinks() > 1 && cpio.getSize() == 0;
    }
    return false;
  }

  /** Where a link points, for messages; empty if the format keeps it in the content. */
  static String linkTarget(ArchiveEntry entry) {
    return entry instanceof TarArchiveEntry tar ? " (to " + echo(tar.getLinkName()) + ")" : "";
  }

  static boolean isRegularFile(ArchiveEntry entry) {
    if (entry instanceof TarArchiveEntry tar) {
      return tar.isFile();
    }
    if (entry instanceof CpioArchiveEntry cpio) {
      return cpio.isRegularFile();
    }
    return !entry.isDirectory();
  }

  static String echo(String name) {
    return Untrusted.echo(name, MAX_NAME_ECHO);
  }
}
