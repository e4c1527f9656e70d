package dev.bpfforge.service.build;

public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
