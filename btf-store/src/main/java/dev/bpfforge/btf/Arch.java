package dev.bpfforge.btf;

import java.util.Locale;

/** A CPU architecture a kernel and its BPF programs are built for. */
public enum Arch {
  X86_64("x86_64", "x86"),
  ARM64("arm64", "arm64");

  private final String id;
  private final String clangTargetArch;

  Arch(String id, String clangTargetArch) {
    this.id = id;
    this.clangTargetArch = clangTargetArch;
  }

  /**
   * Parses an architecture name as kernels, distributions and the JVM spell it: {@code x86_64}
   * or {@code amd64}, {@code arm64} or {@code aarch64}; case does not matter.
   *
   * @throws InvalidIdentifierException for any other name
   */
  public static Arch parse(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidIdentifierException("architecture is missing: use x86_64 or arm64");
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> X86_64;
      case "arm64", "aarch64" -> ARM64;
      default -> throw new InvalidIdentifierException(
          "unsupported architecture '" + Untrusted.echo(name) + "': use x86_64 (amd64) or arm64 (aarch64)");
    };
  }

  /**
   * The architecture of the JVM running this code.
   *
   * @throws InvalidIdentifierException if the JVM runs on an architecture BPF Forge does not support
   */
  public static Arch host() {
    return parse(System.getProperty("os.arch"));
  }

  /** Canonical spelling, as the kernel's {@code uname -m} (x86_64) or Debian (arm64) writes it. */
  public String id() {
    return id;
  }

  /** Suffix of libbpf's {@code -D__TARGET_ARCH_<suffix>} for this architecture. */
  public String clangTargetArch() {
    return clangTargetArch;
  }

  @Override
  public String toString() {
    return id;
  }
}
