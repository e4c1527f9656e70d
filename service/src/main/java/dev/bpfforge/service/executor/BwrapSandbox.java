package dev.bpfforge.service.executor;

import java.io.IOException;
import java.util.List;

/**
 * Runs one tool under bubblewrap: new user, pid, network, ipc, uts and cgroup namespaces (so no
 * network at all), no capabilities, an unprivileged uid, a clean environment, stdin from
 * /dev/null, and a file system made only of the toolchain's {@code /usr} (read-only), a private
 * {@code /tmp}, a minimal {@code /dev} and the mounts the caller names. No {@code /proc}, no
 * {@code /etc}, no {@code /sys}, no home: a source that names a host file finds nothing there.
 * {@code prlimit} bounds address space, CPU time and the size of any file written (including the
 * tool's output), and a wall-clock timer kills the whole sandbox.
 */
public final class BwrapSandbox implements Sandbox {
  /** A private /tmp is for the tools' scratch files; it never needs much. */
  static final long TMP_BYTES = 64L * 1024 * 1024;

  private final String bwrap;
  private final Limits limits;

  public BwrapSandbox(String bwrap, Limits limits) {
    this.bwrap = bwrap;
    this.limits = limits;
  }

  @Override
  public Result run(Invocation invocation) throws IOException {
    SandboxUser.prepare(invocation.mounts());
    // Killing bwrap kills the sandbox's pid 1 (--die-with-parent), and with it every process inside.
    return SandboxProcess.run(argv(invocation), invocation, limits, process -> {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    });
  }

  List<String> argv(Invocation invocation) {
    List<String> argv = limits.prlimit();
    // Started by root, bwrap's --uid 65534 would still be uid 0 outside: drop first (SandboxUser).
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
}
