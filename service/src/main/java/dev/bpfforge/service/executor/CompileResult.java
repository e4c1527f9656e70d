package dev.bpfforge.service.executor;

import dev.bpfforge.service.compile.ArtifactKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a compile produced. On failure {@code artifacts} is empty and diagnostics, log and
 * {@code message} say why.
 *
 * @param artifacts each kind the job asked for (the object always), its bytes
 * @param vmlinux which vmlinux.h the program used: the target's generated one, or its own
 * @param log the tools' output with paths mapped back to the user's tree
 * @param message what failed when it was not clang (a later step, a missing tool); null otherwise
 * @param durations how long each step took that ran, by step name ({@link CompilePlan#STEPS}), in order
 */
public record CompileResult(
    Map<ArtifactKind, byte[]> artifacts, VmlinuxSource vmlinux, List<Diagnostic> diagnostics, String log,
    Failure failure, String message, Map<String, Duration> durations) {

  public enum VmlinuxSource { TARGET, SOURCE }

  /**
   * Why a compile produced nothing: the program did not compile, ran past its time or size
   * limit, a step after clang failed, or the toolchain cannot make a kind that was asked for.
   */
  public enum Failure { NONE, COMPILE_ERROR, TIMEOUT, OUTPUT_LIMIT, STEP_FAILED, UNSUPPORTED }

  public boolean succeeded() {
    return failure == Failure.NONE;
  }

  /** The CO-RE object, or null on failure. */
  public byte[] object() {
    return artifacts.get(ArtifactKind.O);
  }
}
