package dev.bpfforge.service.executor;

import java.util.List;

/**
 * What a compile produced. On failure {@code object} is null and diagnostics and log say why.
 *
 * @param vmlinux which vmlinux.h the program used: the target's generated one, or its own
 * @param log the tools' output with paths mapped back to the user's tree
 */
public record CompileResult(
    byte[] object, VmlinuxSource vmlinux, List<Diagnostic> diagnostics, String log, Failure failure) {

  public enum VmlinuxSource { TARGET, SOURCE }

  /** Why a compile produced nothing: the program's fault (errors) or a limit it hit. */
  public enum Failure { NONE, COMPILE_ERROR, TIMEOUT, OUTPUT_LIMIT }

  public boolean succeeded() {
    return failure == Failure.NONE;
  }
}
