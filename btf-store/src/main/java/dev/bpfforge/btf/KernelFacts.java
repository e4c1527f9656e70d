package dev.bpfforge.btf;

import java.util.Optional;

/**
 * What an upload says about its kernel, gathered from several places (package metadata, file
 * names, the image's banner and headers). Where two places name the release or the
 * architecture they must agree: a package whose image belongs to another kernel would otherwise
 * be catalogued under the wrong name.
 */
final class KernelFacts {

  private final Extraction x;
  private KernelRelease release;
  private String releaseSource;
  private Arch arch;
  private String archSource;
  private String distro;
  private String flavour;

  KernelFacts(Extraction x) {
    this.x = x;
  }

  /** Records the release {@code source} names, e.g. "the Linux version banner". */
  void release(KernelRelease value, String source) {
    if (release == null) {
      release = value;
      releaseSource = source;
    } else if (!release.equals(value)) {
      throw x.invalid(source + " says kernel " + value + ", but " + releaseSource + " says " + release);
    }
  }

  /** Parses and records a release; a string that is no release is rejected, naming its source. */
  void release(String value, String source) {
    try {
      release(KernelRelease.parse(value), source);
    } catch (InvalidIdentifierException e) {
      throw x.invalid(source + ": " + e.getMessage(), e);
    }
  }

  void arch(Arch value, String source) {
    if (arch == null) {
      arch = value;
      archSource = source;
    } else if (arch != value) {
      throw x.invalid(source + " says " + value + ", but " + archSource + " says " + arch);
    }
  }

  /** Parses and records an architecture name, e.g. a package's {@code amd64}. */
  void arch(String value, String source) {
    try {
      arch(Arch.parse(value), source);
    } catch (InvalidIdentifierException e) {
      throw x.invalid(source + ": " + e.getMessage(), e);
    }
  }

  void distro(String value) {
    distro = value;
  }

  void flavour(String value) {
    flavour = value;
  }

  Optional<KernelRelease> release() {
    return Optional.ofNullable(release);
  }

  Optional<Arch> arch() {
    return Optional.ofNullable(arch);
  }

  Optional<String> distro() {
    return Optional.ofNullable(distro);
  }

  Optional<String> flavour() {
    return Optional.ofNullable(flavour);
  }
}
