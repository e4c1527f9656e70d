package dev.bpfforge.service.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a job's files appear inside the sandbox, and the reverse mapping that turns tool output
 * back into the user's paths: a client never sees a sandbox or server path.
 */
public final class SandboxPaths {
  public static final String SRC = "/forge/src";
  public static final String OUT = "/forge/out";
  public static final String VMLINUX = "/forge/vmlinux";
  public static final String KERNEL = "/forge/kernel";

  private final Map<String, String> prefixes;

  /** @param systemIncludes toolchain include dirs, shown relative to themselves (bpf/bpf_helpers.h) */
  public SandboxPaths(List<String> systemIncludes) {
    List<String> system = new ArrayList<>(systemIncludes);
    system.sort(Comparator.comparingInt(String::length).reversed()); // longest first: /usr/include/x86_64-linux-gnu before /usr/include
    Map<String, String> map = new LinkedHashMap<>();
    map.put(SRC + "/", "");
    map.put(OUT + "/", "");
    map.put(VMLINUX + "/", "");
    map.put(KERNEL + "/", "");
    system.forEach(dir -> map.put(dir.endsWith("/") ? dir : dir + "/", ""));
    this.prefixes = map;
  }

  public String toUser(String text) {
    String out = text;
    for (Map.Entry<String, String> prefix : prefixes.entrySet()) {
      out = out.replace(prefix.getKey(), prefix.getValue());
    }
    return out;
  }
}
