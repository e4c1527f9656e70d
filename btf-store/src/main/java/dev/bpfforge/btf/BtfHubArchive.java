package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A BTFHub archive entry, {@code <release>.btf.tar.xz}: a tar holding exactly one file,
 * {@code <release>.btf}, of raw BTF. The release is the file's name. The whole archive is read,
 * to be sure there is nothing else in it.
 */
final class BtfHubArchive {

  static final String FORMAT = "btfhub";
  private static final String SUFFIX = ".btf";
  private static final long MAX_BTF = 256L * 1024 * 1024;

  private BtfHubArchive() {
  }

  static String extract(InputStream tarStream, Extraction x) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
    String member = null;
    byte[] raw = null;
    ArchiveEntry entry;
    while ((entry = ArchiveMembers.next(tar, "btfhub tar", x)) != null) {
      String name = ArchiveMembers.safeName(entry, "btfhub tar", x);
      if (ArchiveMembers.isLink(entry)) {
        throw x.unsafe("btfhub tar: member " + ArchiveMembers.echo(name) + " is a link"
            + ArchiveMembers.linkTarget(entry) + "; a BTFHub archive holds one regular file");
      }
      if (entry.isDirectory()) {
        continue;
      }
      if (member != null) {
        throw x.invalid("btfhub tar: holds more than one file (" + ArchiveMembers.echo(member) + ", "
            + ArchiveMembers.echo(name) + "); expected exactly one <release>.btf");
      }
      if (!name.endsWith(SUFFIX) || name.contains("/") || name.length() == SUFFIX.length()) {
        throw x.invalid("btfhub tar: member " + ArchiveMembers.echo(name) + " is not named <release>.btf");
      }
      member = name;
      raw = read(tar, x);
    }
    if (member == null) {
      throw x.invalid("btfhub tar: holds no <release>.btf file");
    }
    x.step("btfhub: " + ArchiveMembers.echo(member));
    x.facts().release(member.substring(0, member.length() - SUFFIX.length()), "the BTFHub file name");
    x.found(x.parseBtf(raw));
    return FORMAT;
  }

  private static byte[] read(TarArchiveInputStream tar, Extraction x) throws IOException {
    long limit = Math.min(MAX_BTF, x.limits().maxOutputBytes());
    try {
      return BtfInput.readAtMost(tar, limit, "btfhub tar: BTF");
    } catch (InputTooLargeException e) {
      throw x.tooLarge(e.what(), e.limitBytes());
    } catch (IOException | RuntimeException e) {
      throw x.corrupt("btfhub tar", e);
    }
  }
}
