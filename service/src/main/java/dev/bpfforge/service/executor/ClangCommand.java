package dev.bpfforge.service.executor;

import dev.bpfforge.service.compile.Define;
import java.util.ArrayList;
import java.util.List;

/**
 * The libbpf CO-RE compile line. {@code -g} is always on: clang emits the BTF and CO-RE
 * relocations only with debug info. User include dirs come before the target's vmlinux.h dir, so
 * a tree that ships its own vmlinux.h (as bcc's libbpf-tools do) gets its own.
 */
final class ClangCommand {
  private ClangCommand() {}

  static List<String> compile(CompileJob job, String objectName) {
    List<String> argv = new ArrayList<>(List.of(
        "clang", "-g", "-O2", "-target", "bpf",
        "-D__TARGET_ARCH_" + job.arch().clangTargetArch(),
        job.mcpu().flag(),
        "-fno-color-diagnostics",
        "-fno-crash-diagnostics"));
    for (Define define : job.options().defines()) {
      argv.add(define.toFlag());
    }
    job.options().cflags().forEach(flag -> argv.add(flag.value()));
    for (String dir : job.options().includeDirs()) {
      argv.add("-I" + (dir.isEmpty() ? SandboxPaths.SRC : SandboxPaths.SRC + "/" + dir));
    }
    argv.add("-I" + SandboxPaths.VMLINUX);
    for (String dir : job.toolchain().systemIncludes()) {
      argv.addAll(List.of("-idirafter", dir));
    }
    argv.addAll(List.of(
        "-MD", "-MF", SandboxPaths.OUT + "/deps.d",
        "-c", job.options().entry().value(),
        "-o", SandboxPaths.OUT + "/" + objectName));
    return argv;
  }

  static List<String> stripDebug(String objectName) {
    return List.of("llvm-strip", "-g", SandboxPaths.OUT + "/" + objectName);
  }
}
