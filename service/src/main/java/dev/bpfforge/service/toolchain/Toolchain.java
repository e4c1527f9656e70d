package dev.bpfforge.service.toolchain;

import dev.bpfforge.btf.Arch;
import java.util.List;
import java.util.Set;

/**
 * One clang/libbpf/bpftool set the service can compile with, with versions read from the tools.
 *
 * @param id stable name requests pin ({@code toolchain} field)
 * @param clangVersion e.g. "14.0.6"
 * @param libbpfVersion of the libbpf headers programs include, e.g. "1.4"
 * @param bpftoolVersion e.g. "7.5.0"
 * @param arches the target architectures it builds for
 * @param systemIncludes clang's own and the system include directories, added with -idirafter as
 *     libbpf-based projects do, so {@code -target bpf} still finds {@code <linux/...>} headers
 * @param image the worker image holding the tools, or null for the tools installed on this host
 */
public record Toolchain(
    String id, String clangVersion, String libbpfVersion, String bpftoolVersion, Set<Arch> arches,
    List<String> systemIncludes, String image) {

  public int clangMajor() {
    int dot = clangVersion.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? clangVersion : clangVersion.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
