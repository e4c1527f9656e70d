package dev.bpfforge.service.executor;

import dev.bpfforge.service.compile.ArtifactKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "collect" step both executors share: tool output mapped back to the user's paths and
 * parsed into diagnostics, which vmlinux.h clang read (from its -MD dependency file), each step's
 * duration, and the verdict: timeout, a missing tool, a failed step, an oversized artifact, or
 * the artifacts themselves.
 */
final class ResultCollector {
  /** How one run of the plan ended, in whichever sandbox. */
  record Run(String output, boolean outputTruncated, boolean timedOut, int exitCode) {}

  private ResultCollector() {}

  /** @param durations steps timed outside the plan (vmlinux.h), in order; the plan's steps are added */
  static CompileResult collect(CompileJob job, CompilePlan plan, Run run, PlanOutput out, Map<String, Duration> durations,
      long maxArtifactBytes) throws IOException {
    String log = new SandboxPaths(job.toolchain().systemIncludes()).toUser(run.output())
        + (run.outputTruncated() ? "\n[output truncated]\n" : "");
    List<Diagnostic> diagnostics = DiagnosticParser.parse(log);
    CompileResult.VmlinuxSource vmlinux = usedTargetHeader(small(out, "deps.d"))
        ? CompileResult.VmlinuxSource.TARGET : CompileResult.VmlinuxSource.SOURCE;
    Map<String, Duration> timed = new LinkedHashMap<>(durations);
    List<StepTimes.StepRun> steps = StepTimes.parse(new String(nonNull(small(out, CompilePlan.STEP_TIMES)), StandardCharsets.UTF_8));
    steps.forEach(s -> timed.put(s.name(), s.took()));
    Verdict verdict = new Verdict(vmlinux, diagnostics, log, Collections.unmodifiableMap(timed));

    if (run.timedOut()) {
      return verdict.failed(CompileResult.Failure.TIMEOUT, null);
    }
    byte[] missing = small(out, CompilePlan.MISSING_TOOL);
    if (missing != null) {
      return verdict.failed(CompileResult.Failure.UNSUPPORTED, "toolchain " + job.toolchain().id()
          + " cannot link a loader .so: " + new String(missing, StandardCharsets.UTF_8).strip()
          + " is not installed in it. Leave out the so artifact or pick a toolchain that has it (GET /v1/toolchains).");
    }
    StepTimes.StepRun failed = steps.stream().filter(s -> s.exitCode() != 0).findFirst().orElse(null);
    if (failed != null && !failed.name().equals("clang") && !failed.name().equals("strip")) {
      return verdict.failed(CompileResult.Failure.STEP_FAILED,
          "The object compiled, but step " + failed.name() + " failed (exit " + failed.exitCode() + "); see log.");
    }
    if (failed != null || run.exitCode() != 0) {
      return verdict.failed(CompileResult.Failure.COMPILE_ERROR, null);
    }
    Map<ArtifactKind, byte[]> artifacts = new EnumMap<>(ArtifactKind.class);
    for (Map.Entry<ArtifactKind, String> output : plan.outputs().entrySet()) {
      long size = out.size(output.getValue());
      if (size < 0) {
        return verdict.failed(output.getKey() == ArtifactKind.O ? CompileResult.Failure.COMPILE_ERROR : CompileResult.Failure.STEP_FAILED,
            output.getKey() == ArtifactKind.O ? null : "The tools ran but left no " + output.getValue() + "; see log.");
      }
      if (size > maxArtifactBytes) {
        return verdict.failed(CompileResult.Failure.OUTPUT_LIMIT, output.getValue() + " is larger than the artifact size limit.");
      }
      artifacts.put(output.getKey(), out.read(output.getValue()));
    }
    return new CompileResult(artifacts, vmlinux, diagnostics, log, CompileResult.Failure.NONE, null, verdict.durations());
  }

  private record Verdict(CompileResult.VmlinuxSource vmlinux, List<Diagnostic> diagnostics, String log, Map<String, Duration> durations) {
    CompileResult failed(CompileResult.Failure failure, String message) {
      return new CompileResult(Map.of(), vmlinux, diagnostics, log, failure, message, durations);
    }
  }

  /** A bookkeeping file of the run (deps, step times), read only if it is small: the tools could write anything there. */
  private static byte[] small(PlanOutput out, String name) throws IOException {
    long size = out.size(name);
    return size < 0 || size > (1 << 20) ? null : out.read(name);
  }

  private static byte[] nonNull(byte[] bytes) {
    return bytes == null ? new byte[0] : bytes;
  }

  /** clang's dependency file names every header it read; the target's sits under /forge/vmlinux. */
  private static boolean usedTargetHeader(byte[] deps) {
    return deps != null && List.of(new String(deps, StandardCharsets.UTF_8).split("[\\s\\\\]+"))
        .contains(SandboxPaths.VMLINUX + "/vmlinux.h");
  }
}
