package dev.bpfforge.service.toolchain;

import dev.bpfforge.btf.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the versions of the tools installed on this host; they, not configuration, are the truth. */
final class LocalToolchainProbe {
  private static final Pattern CLANG = Pattern.compile("clang version (\\d+\\.\\d+\\.\\d+)");
  private static final Pattern BPFTOOL = Pattern.compile("bpftool v(\\d+\\.\\d+\\.\\d+)");
  private static final Pattern LIBBPF_MAJOR = Pattern.compile("#define LIBBPF_MAJOR_VERSION (\\d+)");
  private static final Pattern LIBBPF_MINOR = Pattern.compile("#define LIBBPF_MINOR_VERSION (\\d+)");
  static final Path LIBBPF_VERSION_HEADER = Path.of("/usr/include/bpf/libbpf_version.h");

  private LocalToolchainProbe() {}

  /** The host's toolchain, or empty when clang, bpftool or libbpf's headers are missing. */
  static Optional<Toolchain> probe(String id) {
    try {
      String clang = run("clang", "--version");
      String bpftool = run("bpftool", "--version");
      Matcher c = CLANG.matcher(clang);
      Matcher b = BPFTOOL.matcher(bpftool);
      if (!c.find() || !b.find() || !Files.isReadable(LIBBPF_VERSION_HEADER)) {
        return Optional.empty();
      }
      String header = Files.readString(LIBBPF_VERSION_HEADER);
      Matcher major = LIBBPF_MAJOR.matcher(header);
      Matcher minor = LIBBPF_MINOR.matcher(header);
      String libbpf = major.find() && minor.find() ? major.group(1) + "." + minor.group(1) : "unknown";
      // clang emits BPF for any arch; the arch only picks vmlinux.h and __TARGET_ARCH_.
      return Optional.of(new Toolchain(id, c.group(1), libbpf, b.group(1), EnumSet.allOf(Arch.class), systemIncludes(), null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The "#include <...> search starts here:" list of {@code clang -v -E}. */
  private static List<String> systemIncludes() throws IOException {
    String out = run("clang", "-v", "-E", "-x", "c", "/dev/null", "-o", "/dev/null");
    List<String> dirs = new ArrayList<>();
    boolean inList = false;
    for (String line : out.split("\n")) {
      if (line.startsWith("#include <...> search starts here:")) {
        inList = true;
      } else if (line.startsWith("End of search list.")) {
        break;
      } else if (inList && line.startsWith(" ")) {
        dirs.add(line.strip());
      }
    }
    return List.copyOf(dirs);
  }

  private static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command[0] + " did not answer");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
