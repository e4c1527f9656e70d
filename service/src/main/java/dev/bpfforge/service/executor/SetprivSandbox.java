package dev.bpfforge.service.executor;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one tool as a separate unprivileged user: the shape inside a toolchain worker container,
 * where bubblewrap cannot make namespaces (an unprivileged container may not unshare). The worker
 * JVM runs as root holding only CAP_SETUID and CAP_SETGID; each tool is started through
 * {@code prlimit} (address space, CPU time, file size, no core, and RLIMIT_NPROC, which bounds a
 * fork bomb because it counts every process of the tools' uid) and {@code setpriv} (the tools'
 * uid and gid, no supplementary groups, no capabilities, no-new-privs), with a clean environment
 * and a private TMPDIR.
 *
 * <p>Without a mount namespace the job's files appear at their fixed paths ({@link SandboxPaths})
 * as symlinks in a root-owned directory the tools cannot change; only the mounted trees (and
 * traversal of their parents) are opened to the tools' user. The worker's own files stay
 * owner-only (the worker runs with umask 077), and {@code /proc/<pid>/environ} of a process of
 * another uid is unreadable, so the worker's database and S3 credentials are out of reach.
 * Network is not cut here: in this shape the pod's egress rules do that (see the README).
 *
 * <p>Runs are serial (the symlinks are shared) and every run ends with a sweep that, as the tools'
 * user, kills each of its processes ({@code kill -KILL -1}) and deletes what it left in the
 * private TMPDIR: nothing a job starts outlives it. The worker cannot signal or delete the tools'
 * files itself, since it holds no CAP_KILL or CAP_DAC_OVERRIDE, and does not need to.
 */
public final class SetprivSandbox implements Sandbox {
  /** PATH of the tools: the toolchain images put clang in /usr/local/bin, Debian puts bpftool in /usr/sbin. */
  static final String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
  /** The private TMPDIR of a run, also its HOME. */
  static final String TMP = "/forge/tmp";

  /**
   * Kill, then wait (up to ~5 s) until the killed are gone, so the next run starts with the whole
   * process budget; then make the tools' files deletable again (a tool may have chmod-ed its own
   * directories) and delete them. "Gone" is no /proc entry of this uid but the sweep's own:
   * {@code kill -0 -1} cannot tell, since it succeeds while any process but pid 1 exists, even one
   * it may not signal (the worker JVM under tini, every process of a host), so it always waited 5 s.
   */
  private static final String SWEEP = "kill -KILL -1 2>/dev/null; i=0;"
      + " while [ $i -lt 100 ]; do left=; for p in /proc/[0-9]*; do"
      + " if [ \"${p#/proc/}\" != $$ ] && [ -O \"$p\" ]; then left=1; break; fi; done;"
      + " [ -z \"$left\" ] && break; sleep 0.05; i=$((i+1)); done;"
      + " for d; do chmod -R u+rwx \"$d\" 2>/dev/null; find \"$d\" -mindepth 1 -delete 2>/dev/null; done; true";

  private final Limits limits;
  private final int uid;
  private final int gid;
  private final int maxProcesses;
  private final Path dataDir;
  private final Path scratchRoot;
  private final ReentrantLock serial = new ReentrantLock();

  /**
   * @param maxProcesses RLIMIT_NPROC of the tools' user
   * @param dataDir the worker's data dir: mounts live below it, private TMPDIRs in its jobs/; no
   *     directory above it is ever opened to the tools' user
   */
  public SetprivSandbox(Limits limits, int uid, int gid, int maxProcesses, Path dataDir) {
    this.limits = limits;
    this.uid = uid;
    this.gid = gid;
    this.maxProcesses = maxProcesses;
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.scratchRoot = this.dataDir.resolve("jobs");
  }

  @Override
  public Result run(Invocation invocation) throws IOException {
    serial.lock();
    Path tmp = null;
    List<Path> links = new ArrayList<>();
    try {
      Files.createDirectories(scratchRoot);
      tmp = Files.createTempDirectory(scratchRoot, "tmp-");
      openToTools(tmp, true, dataDir);
      links.add(link(Path.of(TMP), tmp));
      for (Mount mount : invocation.mounts()) {
        openToTools(mount.host(), mount.writable(), dataDir);
        links.add(link(Path.of(mount.inside()), mount.host()));
      }
      return SandboxProcess.run(argv(invocation), invocation, limits, process -> sweep(List.of()));
    } finally {
      try {
        sweep(tmp == null ? List.of() : List.of(tmp));
        for (Path link : links) {
          Files.deleteIfExists(link);
        }
        if (tmp != null) {
          FileTrees.deleteRecursively(tmp);
        }
      } finally {
        serial.unlock();
      }
    }
  }

  /** Removes what the tools wrote into a writable mount, as the tools' user (the worker may not). */
  @Override
  public void reclaim(Path writable) {
    serial.lock();
    try {
      sweep(List.of(writable));
    } finally {
      serial.unlock();
    }
  }

  List<String> argv(Invocation invocation) {
    List<String> argv = limits.prlimit("--nproc=" + maxProcesses);
    argv.addAll(asTools());
    argv.addAll(List.of("env", "-i", "PATH=" + PATH, "TMPDIR=" + TMP, "HOME=" + TMP, "LC_ALL=C",
        // umask 022: the worker (not the tools' uid) reads the results back; cd as the tools' user.
        "sh", "-c", "umask 022 && cd \"$1\" && shift && exec \"$@\"", "sh", workDir(invocation)));
    argv.addAll(invocation.command());
    return argv;
  }

  /** The invocation's directory if it is one of the job's, else the run's private TMPDIR. */
  private static String workDir(Invocation invocation) {
    boolean mounted = invocation.mounts().stream().anyMatch(m -> m.inside().equals(invocation.workDir()));
    return mounted ? invocation.workDir() : TMP;
  }

  private List<String> asTools() {
    return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--inh-caps=-all",
        "--no-new-privs", "--");
  }

  /**
   * As the tools' user: SIGKILL every process of that user (kill(-1) spares only the caller),
   * then delete what it left in {@code dirs}. Runs with the worker's own RLIMIT_NPROC, so a fork
   * bomb that exhausted the tools' limit cannot stop it.
   */
  private void sweep(List<Path> dirs) {
    List<String> argv = new ArrayList<>(asTools());
    argv.addAll(List.of("sh", "-c", SWEEP, "sh"));
    dirs.forEach(d -> argv.add(d.toString()));
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().clear(); // the worker's environment holds its credentials
      SandboxProcess.awaitQuietly(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("could not sweep the tools' user's processes: " + e.getMessage(), e);
    }
  }

  private static Path link(Path at, Path target) throws IOException {
    Files.deleteIfExists(at);
    return Files.createSymbolicLink(at, target);
  }

  /**
   * Lets the tools' user read {@code root} (and write its top directory when {@code writable}),
   * and traverse, not list, each parent directory this process owns from {@code boundary} down.
   */
  private static void openToTools(Path root, boolean writable, Path boundary) throws IOException {
    for (Path parent = root.toAbsolutePath().normalize().getParent(); parent != null && parent.startsWith(boundary);
        parent = parent.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(parent);
      if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE) && isOwn(parent)) {
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(parent, perms);
      }
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        add(dir, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        if (writable && dir.equals(root)) {
          add(dir, PosixFilePermission.OTHERS_WRITE);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        add(file, PosixFilePermission.OTHERS_READ);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void add(Path path, PosixFilePermission... extra) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (perms.addAll(List.of(extra))) {
      Files.setPosixFilePermissions(path, perms);
    }
  }

  private static boolean isOwn(Path path) throws IOException {
    return Files.getOwner(path).getName().equals(System.getProperty("user.name"));
  }
}
