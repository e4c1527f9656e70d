package dev.bpfforge.service.build;

/**
 * Why a job failed. The request's to change: the program did not compile, hit a limit, a step
 * after clang failed on its object ({@code STEP_FAILED}), or it asked for an artifact kind its
 * toolchain cannot make ({@code UNSUPPORTED}). The service's: its worker vanished or its executor broke.
 */
public enum FailureKind {
  COMPILE_ERROR, TIMEOUT, OUTPUT_LIMIT, STEP_FAILED, UNSUPPORTED, LEASE_EXPIRED, EXECUTOR_ERROR;

  public boolean isUserError() {
    return this != LEASE_EXPIRED && this != EXECUTOR_ERROR;
  }
}
