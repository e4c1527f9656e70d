package dev.bpfforge.service.toolchain;

import dev.bpfforge.btf.Arch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a toolchain's versions from its own tools: one shell script, run on the host or in the
 * toolchain's image, prints clang's and bpftool's versions, libbpf's version header and clang's
 * system include list; {@link #parse} turns that output into a {@link Toolchain}.
 */
public final class ToolchainProbe {
  /** Fixed text, no input: safe to run with sh -c. */
  public static final String SCRIPT = "echo '== clang'; clang --version; echo '== bpftool'; bpftool --version;"
      + " echo '== libbpf'; cat /usr/include/bpf/libbpf_version.h; echo '== includes';"
      + " clang -v -E -x c /dev/null -o /dev/null 2>&1; echo '== end'";

  private static final Pattern CLANG = Pattern.compile("clang version (\\d+\\.\\d+\\.\\d+)");
  private static final Pattern BPFTOOL = Pattern.compile("bpftool v(\\d+\\.\\d+\\.\\d+)");
  private static final Pattern LIBBPF_MAJOR = Pattern.compile("#define LIBBPF_MAJOR_VERSION (\\d+)");
  private static final Pattern LIBBPF_MINOR = Pattern.compile("#define LIBBPF_MINOR_VERSION (\\d+)");

  private ToolchainProbe() {}

  /** The toolchain the probe output describes, or empty when a tool is missing from it. */
  public static Optional<Toolchain> parse(String id, String image, String output, Set<Arch> arches) {
    Matcher clang = CLANG.matcher(output);
    Matcher bpftool = BPFTOOL.matcher(output);
    Matcher major = LIBBPF_MAJOR.matcher(output);
    Matcher minor = LIBBPF_MINOR.matcher(output);
    if (!clang.find() || !bpftool.find() || !major.find() || !minor.find()) {
      return Optional.empty();
    }
    return Optional.of(new Toolchain(id, clang.group(1), major.group(1) + "." + minor.group(1), bpftool.group(1),
        arches.isEmpty() ? EnumSet.allOf(Arch.class) : EnumSet.copyOf(arches), systemIncludes(output), image));
  }

  /** The "#include <...> search starts here:" list of {@code clang -v -E}. */
  static List<String> systemIncludes(String output) {
    List<String> dirs = new ArrayList<>();
    boolean inList = false;
    for (String line : output.split("\n")) {
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
}
