package dev.bpfforge.cli;

/**
 * A failure the CLI reports in one line on stderr and ends with {@link #exitCode()}. The message
 * says what happened and what to do about it; it never carries a stack trace.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
