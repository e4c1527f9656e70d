package dev.bpfforge.btf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;

/**
 * An RPM kernel package (Fedora, RHEL and rebuilds, SUSE, Amazon Linux): a 96-byte lead, the
 * signature header (padded to 8 bytes), the main header, then the payload, a cpio archive
 * compressed as its magic says. No RPM reader on Maven Central is kept up for this (redline-rpm
 * writes packages), and we need only the payload's offset and a few tags, so the headers are
 * parsed here ({@link RpmHeader}).
 */
final class RpmPackage {

  static final String FORMAT = "rpm";
  private static final int LEAD = 96;
  private static final int SOURCE_PACKAGE = 1;
  private static final Set<Integer> WANTED = Set.of(RpmHeader.NAME, RpmHeader.VERSION, RpmHeader.RELEASE,
      RpmHeader.ARCH, RpmHeader.VENDOR, RpmHeader.DISTRIBUTION, RpmHeader.PAYLOAD_FORMAT,
      RpmHeader.PAYLOAD_COMPRESSOR);

  private RpmPackage() {
  }

  static String extract(Path file, Extraction x) throws IOException {
    RpmHeader header;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() < LEAD) {
        throw x.invalid("rpm: lead cut off: the file has " + channel.size() + " bytes");
      }
      ByteBuffer lead = ByteBuffer.wrap(FileSlice.readAt(channel, 0, LEAD));
      if (lead.getShort(6) == SOURCE_PACKAGE) {
        throw x.invalid("rpm: a source package; upload the binary kernel package");
      }
      RpmHeader signature = RpmHeader.read(channel, LEAD, Set.of(), "signature header", x);
      long mainStart = (signature.end() + 7) & ~7L; // the signature header is padded to 8 bytes
      header = RpmHeader.read(channel, mainStart, WANTED, "header", x);
    }
    x.step("rpm: " + describe(header));
    header.get(RpmHeader.ARCH).ifPresent(a -> x.facts().arch(a, "the package's arch"));
    distro(header).ifPresent(d -> x.facts().distro(d));
    String format = header.get(RpmHeader.PAYLOAD_FORMAT).orElse("cpio");
    if (!format.equals("cpio")) {
      throw x.invalid("rpm: payload format " + Untrusted.echo(format) + " is not supported (expected cpio)");
    }
    try (InputStream payload = new BufferedInputStream(FileSlice.open(file, header.end(), Long.MAX_VALUE))) {
      payload.mark(8);
      byte[] head = payload.readNBytes(8);
      payload.reset();
      // The bytes decide; the header's PAYLOADCOMPRESSOR only helps explain a payload we cannot read.
      Compression compression = Compression.detect(head, true);
      if (compression == null && !Sniffer.at(head, 0, "0707")) {
        throw x.invalid(String.format(Locale.ROOT, "rpm: payload at 0x%x is neither cpio nor compressed in a known"
            + " format (header says %s; first bytes %s)", header.end(),
            Untrusted.echo(header.get(RpmHeader.PAYLOAD_COMPRESSOR).orElse("nothing")),
            HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(6, head.length))));
      }
      String name = (compression == null ? "" : compression.displayName() + " ") + "cpio payload";
      x.step(String.format(Locale.ROOT, "rpm: %s at 0x%x", name, header.end()));
      try (InputStream cpio = compression == null ? payload : Decompression.open(payload, compression, x)) {
        if (!PackagedKernel.extract(new CpioArchiveInputStream(cpio), name, x)) {
          throw x.invalid("no kernel image (lib/modules/*/vmlinuz, boot/vmlinuz-*) in the package");
        }
      }
    }
    return FORMAT;
  }

  private static String describe(RpmHeader h) {
    return Untrusted.echo(h.get(RpmHeader.NAME).orElse("?"), 60) + " "
        + Untrusted.echo(h.get(RpmHeader.VERSION).orElse("?"), 40) + "-"
        + Untrusted.echo(h.get(RpmHeader.RELEASE).orElse("?"), 60) + " "
        + Untrusted.echo(h.get(RpmHeader.ARCH).orElse("?"), 20);
  }

  /** The distribution, from the vendor or distribution tag, else the release's dist tag. */
  static Optional<String> distro(RpmHeader h) {
    String says = (h.get(RpmHeader.VENDOR).orElse("") + " " + h.get(RpmHeader.DISTRIBUTION).orElse(""))
        .toLowerCase(Locale.ROOT);
    String[][] vendors = {{"fedora", "fedora"}, {"red hat", "rhel"}, {"centos", "centos"}, {"rocky", "rocky"},
        {"alma", "almalinux"}, {"oracle", "ol"}, {"amazon", "amzn"}, {"suse", "suse"}};
    for (String[] v : vendors) {
      if (says.contains(v[0])) {
        return Optional.of(v[1]);
      }
    }
    String release = h.get(RpmHeader.RELEASE).orElse("");
    if (release.matches(".*\\.fc\\d+.*")) {
      return Optional.of("fedora");
    }
    if (release.matches(".*\\.amzn\\d+.*")) {
      return Optional.of("amzn");
    }
    return Optional.empty(); // ".el9" alone: RHEL, CentOS, Rocky or Alma; not guessed
  }
}
