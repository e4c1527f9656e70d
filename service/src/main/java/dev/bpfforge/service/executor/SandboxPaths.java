package dev.bpfforge.service.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a job's files appear inside the sandbox, and the reverse mapping that turns tool output
 * back into the user's paths: a client never sees a sandbox or server path.
 */
public final class SandboxPaths {
  public static final String SRC = "/forge/src";
  public static final String OUT = "/forge/out";
  public static final String VMLINUX = "/forge/vmlinux";
  public static final String KERNEL = "/forge/kernel";

  private final Pattern prefixes;

  /** @param systemIncludes toolchain include dirs, shown relative to themselves (bpf/bpf_helpers.h) */
  public SandboxPaths(List<String> systemIncludes) {
    List<String> all = new ArrayList<>(List.of(SRC + "/", OUT + "/", VMLINUX + "/", KERNEL + "/"));
    systemIncludes.forEach(dir -> all.add(dir.endsWith("/") ? dir : dir + "/"));
    all.sort(Comparator.comparingInt(String::length).reversed()); // /usr/include/x86_64-linux-gnu/ before /usr/include/
    // One pass, and only where a path starts: a user's own "x/usr/include/y.h" keeps its directories.
    this.prefixes = Pattern.compile("(?<![A-Za-z0-9._+@=,/-])(?:"
        + String.join("|", all.stream().map(Pattern::quote).toList()) + ")");
  }

  public String toUser(String text) {
    return prefixes.matcher(text).replaceAll("");
  }
}
