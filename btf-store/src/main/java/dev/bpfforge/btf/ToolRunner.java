package dev.bpfforge.btf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs an external tool on untrusted input. The default, {@link #local()}, runs it as a plain
 * child process; the service plugs in a sandbox (bubblewrap) instead, which is why this is an
 * interface.
 *
 * <p>Contract for implementations: the tool runs with {@code workDir} as its working directory;
 * every path in {@code argv} lies inside {@code workDir}, which the tool may read and write; its
 * standard output and error go to the file {@link #LOG} in {@code workDir}, so callers can quote
 * its complaint.
 */
public interface ToolRunner {

  /** Name of the file in the work directory that receives the tool's output. */
  String LOG = "tool-output.log";

  /**
   * Runs {@code argv} to completion.
   *
   * @return the tool's exit code
   * @throws TimeoutException if it did not finish within {@code timeout}; it has been killed
   * @throws IOException if it could not be started
   */
  int run(List<String> argv, Path workDir, Duration timeout) throws IOException;

  /** Runs tools as child processes of this JVM, unconfined. */
  static ToolRunner local() {
    return new LocalToolRunner();
  }

  /** The tool did not finish in time and was killed. */
  final class TimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
      super(message);
    }
  }
}
