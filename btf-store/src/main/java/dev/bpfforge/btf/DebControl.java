package dev.bpfforge.btf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The fields of a Debian package's {@code control} file that say which kernel it holds:
 * {@code Package} ({@code linux-image-<release>}), {@code Version}, {@code Architecture},
 * {@code Maintainer}.
 */
record DebControl(String packageName, String version, String architecture, String maintainer) {

  private static final int MAX_CONTROL = 64 * 1024;
  // linux-image-[unsigned-]<release>[-unsigned|-dbg|-dbgsym]: Debian and Ubuntu package names.
  private static final Pattern KERNEL_PACKAGE =
      Pattern.compile("linux-image-(?:unsigned-)?(.+?)(?:-unsigned|-dbg|-dbgsym)?");
  // <version>[+debN[uM]][-<abi>]-<flavour>, e.g. 6.1.0-50-cloud-amd64, 6.12.94+deb13-cloud-amd64,
  // 6.8.0-48-generic: the flavour is what follows the version and the ABI number.
  private static final Pattern FLAVOUR =
      Pattern.compile("\\d+\\.\\d+(?:\\.\\d+)?(?:\\+deb\\d+(?:u\\d+)?)?(?:-\\d+(?:\\.deb\\d+\\.\\d+)?)?-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)");

  /** Reads {@code control} from the (decompressed) control.tar stream. */
  static DebControl read(InputStream controlTar, String archiveName, Extraction x) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(controlTar);
    ArchiveEntry entry;
    while ((entry = ArchiveMembers.next(tar, archiveName, x)) != null) {
      String name = ArchiveMembers.safeName(entry, archiveName, x);
      if (name.equals("control") && ArchiveMembers.isRegularFile(entry)) {
        byte[] text;
        try {
          text = tar.readNBytes(MAX_CONTROL + 1);
        } catch (IOException | RuntimeException e) {
          throw x.corrupt(archiveName, e);
        }
        if (text.length > MAX_CONTROL) {
          throw x.tooLarge(archiveName + ": control file", MAX_CONTROL);
        }
        return parse(new String(text, StandardCharsets.UTF_8));
      }
    }
    throw x.invalid(archiveName + " has no control file");
  }

  static DebControl parse(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      // Continuation lines (leading space) belong to Description; none of ours spans lines.
      if (colon > 0 && !Character.isWhitespace(line.charAt(0))) {
        fields.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    return new DebControl(fields.getOrDefault("package", ""), fields.getOrDefault("version", ""),
        fields.getOrDefault("architecture", ""), fields.getOrDefault("maintainer", ""));
  }

  /** The release the package name carries, e.g. {@code 6.1.0-50-amd64}, if it is a kernel image package. */
  Optional<String> release() {
    Matcher m = KERNEL_PACKAGE.matcher(packageName);
    return m.matches() && Character.isDigit(m.group(1).charAt(0)) ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** {@code ubuntu} or {@code debian} as the version and maintainer tell; empty for anyone else's package. */
  Optional<String> distro() {
    String says = (version + " " + maintainer).toLowerCase(Locale.ROOT);
    if (says.contains("ubuntu")) {
      return Optional.of("ubuntu");
    }
    if (says.contains("debian") || version.contains("+deb")) {
      return Optional.of("debian");
    }
    return Optional.empty();
  }

  /** The flavour in a Debian or Ubuntu release, e.g. {@code cloud-amd64}, {@code generic}. */
  static Optional<String> flavour(KernelRelease release) {
    Matcher m = FLAVOUR.matcher(release.value());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** For the step: {@code linux-image-6.1.0-50-amd64 6.1.0-50 amd64}. */
  String describe() {
    return Untrusted.echo(packageName, 100) + " " + Untrusted.echo(version, 60) + " " + Untrusted.echo(architecture, 20);
  }
}
