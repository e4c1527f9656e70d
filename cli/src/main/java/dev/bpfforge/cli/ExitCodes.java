package dev.bpfforge.cli;

/** The process exit codes, documented in {@code --help} and the README; scripts and CI branch on them. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The program did not compile (or ran past its time or size limit) for at least one kernel. */
  public static final int COMPILE_FAILED = 1;
  /** Bad arguments, an unreadable local file, or a request the service rejected as invalid. */
  public static final int USAGE = 2;
  /** The service could not be reached, answered 5xx, or a download failed its checksum. */
  public static final int UNAVAILABLE = 3;
  /** The kernel, build, artifact or token named does not exist. */
  public static final int NOT_FOUND = 4;
  /** The service refused the token: 401 (none, unknown or revoked) or 403 (its role is too weak). */
  public static final int DENIED = 5;

  private ExitCodes() {}
}
