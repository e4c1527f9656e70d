package dev.bpfforge.service.logging;

/**
 * MDC keys every log line about a build or job carries: plain text logs can show them in the
 * pattern, and structured (JSON) logs write them as fields, so one build's lines can be found
 * across the API and the workers.
 */
public final class LogContext {
  public static final String BUILD_ID = "buildId";
  public static final String JOB_ID = "jobId";

  private LogContext() {}
}
