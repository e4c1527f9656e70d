package dev.bpfforge.service.executor;

import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The "collect" step both executors share: tool output mapped back to the user's paths and
 * parsed into diagnostics, which vmlinux.h clang read (from its -MD dependency file), and the
 * verdict — timeout, compile error, oversized object, or the object itself.
 */
final class ResultCollector {
  /** Reads the object only once its size is known to be within the limit. */
  @FunctionalInterface
  interface ObjectReader {
    byte[] read() throws IOException;
  }

  private ResultCollector() {}

  /**
   * @param deps clang's dependency file, or null if it wrote none
   * @param objectSize the object's size in bytes, or -1 if there is none
   */
  static CompileResult collect(Toolchain toolchain, String output, boolean outputTruncated, byte[] deps,
      boolean timedOut, boolean succeeded, long objectSize, ObjectReader object, long maxArtifactBytes) throws IOException {
    String log = new SandboxPaths(toolchain.systemIncludes()).toUser(output) + (outputTruncated ? "\n[output truncated]\n" : "");
    List<Diagnostic> diagnostics = DiagnosticParser.parse(log);
    CompileResult.VmlinuxSource vmlinux = usedTargetHeader(deps) ? CompileResult.VmlinuxSource.TARGET : CompileResult.VmlinuxSource.SOURCE;
    if (timedOut) {
      return new CompileResult(null, vmlinux, diagnostics, log, CompileResult.Failure.TIMEOUT);
    }
    if (!succeeded || objectSize < 0) {
      return new CompileResult(null, vmlinux, diagnostics, log, CompileResult.Failure.COMPILE_ERROR);
    }
    if (objectSize > maxArtifactBytes) {
      return new CompileResult(null, vmlinux, diagnostics, log, CompileResult.Failure.OUTPUT_LIMIT);
    }
    return new CompileResult(object.read(), vmlinux, diagnostics, log, CompileResult.Failure.NONE);
  }

  /** clang's dependency file names every header it read; the target's sits under /forge/vmlinux. */
  private static boolean usedTargetHeader(byte[] deps) {
    return deps != null && List.of(new String(deps, StandardCharsets.UTF_8).split("[\\s\\\\]+"))
        .contains(SandboxPaths.VMLINUX + "/vmlinux.h");
  }
}
