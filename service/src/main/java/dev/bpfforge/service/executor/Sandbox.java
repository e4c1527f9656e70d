package dev.bpfforge.service.executor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one tool under bubblewrap: new user, pid, network, ipc, uts and cgroup namespaces (so no
 * network at all), no capabilities, an unprivileged uid (also on the host: {@link SandboxUser}), a clean environment, stdin from
 * /dev/null, and a file system made only of the toolchain's {@code /usr} (read-only), a private
 * {@code /tmp}, a minimal {@code /dev} and the mounts the caller names. No {@code /proc}, no
 * {@code /etc}, no {@code /sys}, no home: a source that names a host file finds nothing there.
 * {@code prlimit} bounds address space, CPU time and the size of any file written (including the
 * tool's output), and a wall-clock timer kills the whole sandbox.
 */
public final class Sandbox {
  /** A host path visible inside the sandbox at {@code inside}. */
  public record Mount(Path host, String inside, boolean writable) {}

  /**
   * @param command argv inside the sandbox
   * @param stdout where standard output goes; null sends it to the log with standard error
   */
  public record Invocation(List<String> command, List<Mount> mounts, String workDir, Path stdout, Path log) {}

  /** How a run ended; {@code output} is the log, truncated at the configured size. */
  public record Result(int exitCode, boolean timedOut, String output, boolean outputTruncated) {
    public boolean succeeded() {
      return exitCode == 0 && !timedOut;
    }
  }

  /** Limits of one run. */
  public record Limits(Duration wallClock, Duration cpu, long memoryBytes, long fileSizeBytes, long logBytes) {}

  /** A private /tmp is for the tools' scratch files; it never needs much. */
  static final long TMP_BYTES = 64L * 1024 * 1024;

  private final String bwrap;
  private final Limits limits;

  public Sandbox(String bwrap, Limits limits) {
    this.bwrap = bwrap;
    this.limits = limits;
  }

  public Result run(Invocation invocation) throws IOException {
    SandboxUser.prepare(invocation.mounts());
    ProcessBuilder builder = new ProcessBuilder(argv(invocation))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.appendTo(invocation.log().toFile()))
        .redirectOutput(invocation.stdout() == null
            ? ProcessBuilder.Redirect.appendTo(invocation.log().toFile())
            : ProcessBuilder.Redirect.to(invocation.stdout().toFile()));
    builder.environment().clear();
    Process process = builder.start();
    boolean finished;
    try {
      finished = process.waitFor(limits.wallClock().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      // Killing bwrap kills the sandbox's pid 1 (--die-with-parent), and with it every process inside.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      awaitQuietly(process);
    }
    byte[] head = readHead(invocation.log(), limits.logBytes());
    boolean truncated = Files.size(invocation.log()) > limits.logBytes();
    return new Result(finished ? process.exitValue() : -1, !finished, new String(head, StandardCharsets.UTF_8), truncated);
  }

  List<String> argv(Invocation invocation) {
    List<String> argv = new ArrayList<>(List.of(
        "prlimit",
        "--as=" + limits.memoryBytes(),
        "--cpu=" + Math.max(1, limits.cpu().toSeconds()),
        "--fsize=" + limits.fileSizeBytes(),
        "--core=0",
        "--"));
    argv.addAll(SandboxUser.dropPrivileges());
    argv.addAll(List.of(
        bwrap,
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop", "ALL",
        "--uid", "65534",
        "--gid", "65534",
        "--clearenv",
        "--setenv", "PATH", "/usr/bin:/usr/sbin",
        "--setenv", "TMPDIR", "/tmp",
        "--setenv", "LC_ALL", "C",
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/bin", "/bin",
        "--symlink", "usr/sbin", "/sbin",
        "--dev", "/dev",
        "--size", Long.toString(TMP_BYTES),
        "--tmpfs", "/tmp"));
    for (Mount mount : invocation.mounts()) {
      argv.addAll(List.of(mount.writable() ? "--bind" : "--ro-bind", mount.host().toString(), mount.inside()));
    }
    // The sandbox's own root (a tmpfs holding the mount points) is read-only once they exist.
    argv.addAll(List.of("--remount-ro", "/", "--chdir", invocation.workDir(), "--"));
    argv.addAll(invocation.command());
    return argv;
  }

  private static byte[] readHead(Path file, long max) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    }
  }

  private static void awaitQuietly(Process process) {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
