package dev.bpfforge.service.executor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one tool confined: only the job's files (the {@link Mount}s, at fixed paths inside), no
 * network, no capabilities, an unprivileged uid, a clean environment, bounded CPU time, memory,
 * file size and wall-clock time. Two real shapes: {@link BwrapSandbox} (namespaces, on a host) and
 * {@link SetprivSandbox} (a separate unprivileged user, inside a worker container where
 * namespaces cannot be made).
 */
public interface Sandbox {
  /** A host path visible inside the sandbox at {@code inside}. */
  record Mount(Path host, String inside, boolean writable) {}

  /**
   * @param command argv inside the sandbox
   * @param stdout where standard output goes; null sends it to the log with standard error
   */
  record Invocation(List<String> command, List<Mount> mounts, String workDir, Path stdout, Path log) {}

  /** How a run ended; {@code output} is the log, truncated at the configured size. */
  record Result(int exitCode, boolean timedOut, String output, boolean outputTruncated) {
    public boolean succeeded() {
      return exitCode == 0 && !timedOut;
    }
  }

  /** Limits of one run. */
  record Limits(Duration wallClock, Duration cpu, long memoryBytes, long fileSizeBytes, long logBytes) {
    /**
     * The {@code prlimit} command that sets these limits (address space, CPU time, file size, no
     * core dump) and any {@code more} of a sandbox's own, ending in {@code --} before the command.
     */
    List<String> prlimit(String... more) {
      List<String> argv = new ArrayList<>(List.of(
          "prlimit", "--as=" + memoryBytes, "--cpu=" + Math.max(1, cpu.toSeconds()), "--fsize=" + fileSizeBytes));
      argv.addAll(List.of(more));
      argv.addAll(List.of("--core=0", "--"));
      return argv;
    }
  }

  Result run(Invocation invocation) throws IOException;

  /**
   * Gives a writable mount back once the caller has read the results: removes what the tools
   * wrote there where the caller could not (files of another uid). Nothing to do by default.
   */
  default void reclaim(Path writable) throws IOException {}
}
