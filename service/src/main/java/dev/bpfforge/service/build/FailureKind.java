package dev.bpfforge.service.build;

/** Why a job failed: the program's fault (first three) or the service's (the rest). */
public enum FailureKind {
  COMPILE_ERROR, TIMEOUT, OUTPUT_LIMIT, LEASE_EXPIRED, EXECUTOR_ERROR;

  public boolean isUserError() {
    return this == COMPILE_ERROR || this == TIMEOUT || this == OUTPUT_LIMIT;
  }
}
