package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.support.Fixtures;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confinement {@link Sandbox} promises, checked against the real bubblewrap and prlimit: each
 * test runs an ordinary tool inside and looks at what it could reach from the host's side.
 */
class SandboxIT {
  private static final Duration WALL = Duration.ofSeconds(30);
  private static final long LOG_BYTES = 64 * 1024;

  @TempDir Path dir;
  private Path src;
  private Path out;
  private List<Sandbox.Mount> mounts;

  @BeforeAll
  static void requireTools() {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux)");
  }

  @BeforeEach
  void jobDirectory() throws IOException {
    src = Files.createDirectory(dir.resolve("src"));
    out = Files.createDirectory(dir.resolve("out"));
    Files.writeString(src.resolve("prog.c"), "int answer(void) { return 42; }\n");
    mounts = List.of(
        new Sandbox.Mount(src, SandboxPaths.SRC, false),
        new Sandbox.Mount(out, SandboxPaths.OUT, true));
  }

  private static Sandbox sandbox(Duration wall, Duration cpu, long fileSize, long logBytes) {
    return new BwrapSandbox("bwrap", new Sandbox.Limits(wall, cpu, 4L << 30, fileSize, logBytes));
  }

  private static Sandbox sandbox() {
    return sandbox(WALL, WALL, 64L << 20, LOG_BYTES);
  }

  private Sandbox.Result run(Sandbox sandbox, String... command) throws IOException {
    Path log = Files.createTempFile(dir, "log", ".txt");
    return sandbox.run(new Sandbox.Invocation(List.of(command), mounts, SandboxPaths.SRC, null, log));
  }

  private Sandbox.Result run(String... command) throws IOException {
    return run(sandbox(), command);
  }

  @Test
  void toolRunsAndItsExitCodeAndOutputComeBack() throws IOException {
    Sandbox.Result ok = run("sh", "-c", "echo hello; echo oops >&2");
    Sandbox.Result failed = run("sh", "-c", "exit 7");

    assertThat(ok.succeeded()).isTrue();
    assertThat(ok.output()).contains("hello").contains("oops");
    assertThat(ok.outputTruncated()).isFalse();
    assertThat(failed.exitCode()).isEqualTo(7);
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.timedOut()).isFalse();
  }

  @Test
  void clangCompilesFromTheReadOnlySourcesIntoTheWritableOutput() throws IOException {
    Sandbox.Result clang = run("clang", "-target", "bpf", "-O2", "-c", "prog.c", "-o", SandboxPaths.OUT + "/prog.o");

    assertThat(clang.succeeded()).as(clang.output()).isTrue();
    byte[] object = Files.readAllBytes(out.resolve("prog.o"));
    assertThat(Arrays.copyOf(object, 4)).containsExactly(0x7f, 'E', 'L', 'F');
  }

  @Test
  void separateStdoutGoesToItsFileAndOnlyStderrToTheLog() throws IOException {
    Path stdout = dir.resolve("stdout");
    Path log = Files.createFile(dir.resolve("log"));

    Sandbox.Result result = sandbox().run(new Sandbox.Invocation(
        List.of("sh", "-c", "echo to-stdout; echo to-stderr >&2"), mounts, SandboxPaths.SRC, stdout, log));

    assertThat(result.succeeded()).isTrue();
    assertThat(Files.readString(stdout)).isEqualTo("to-stdout\n");
    assertThat(result.output()).contains("to-stderr").doesNotContain("to-stdout");
  }

  @Test
  void hostSystemFilesAreNotReadable() throws IOException {
    for (String file : List.of("/etc/passwd", "/etc/shadow", "/etc/hostname", "/proc/self/environ", "/proc/1/cmdline", "/sys/kernel/btf/vmlinux")) {
      Sandbox.Result cat = run("cat", file);

      assertThat(cat.exitCode()).as("cat " + file).isNotZero();
      assertThat(cat.output()).as("cat " + file).doesNotContain("root:").doesNotContain("PATH=").hasSizeLessThan(200);
    }
  }

  @Test
  void homeAndRootAreAbsent() throws IOException {
    for (String home : List.of("/home", "/root")) {
      Sandbox.Result ls = run("ls", "-A", home);

      assertThat(ls.exitCode()).as("ls " + home).isNotZero();
    }
    Sandbox.Result bashrc = run("cat", "/root/.bashrc");
    assertThat(bashrc.exitCode()).isNotZero();
  }

  @Test
  void hostTemporaryFilesAreNotReadable() throws IOException {
    String secret = "secret-" + UUID.randomUUID();
    Path hostTmp = Files.createTempFile("bpfforge-sandbox-it", ".txt");
    Path besideTheMounts = dir.resolve("secret.txt");
    Path inTheBuild = Files.createTempFile(Files.createDirectories(Path.of("target").toAbsolutePath()), "sandbox-it", ".txt");
    try {
      for (Path file : List.of(hostTmp, besideTheMounts, inTheBuild)) {
        Files.writeString(file, secret);
      }

      for (String path : List.of(hostTmp.toString(), besideTheMounts.toString(), inTheBuild.toString(),
          SandboxPaths.SRC + "/../secret.txt", "../secret.txt")) {
        Sandbox.Result cat = run("cat", path);

        assertThat(cat.exitCode()).as("cat " + path).isNotZero();
        assertThat(cat.output()).as("cat " + path).doesNotContain(secret);
      }
    } finally {
      Files.deleteIfExists(hostTmp);
      Files.deleteIfExists(inTheBuild);
    }
  }

  @Test
  void thereIsNoNetworkNotEvenToTheHostsLoopback() throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress("0.0.0.0", 0));
      server.setSoTimeout(1000);
      List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
      for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
        nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .map(InetAddress::getHostAddress).forEach(addresses::add);
      }

      for (String address : addresses) {
        Sandbox.Result connect = run("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + server.getLocalPort() + " && echo connected");

        assertThat(connect.exitCode()).as("connect to " + address + ": " + connect.output()).isNotZero();
        assertThat(connect.output()).doesNotContain("connected");
      }
      assertThat(acceptsAConnection(server)).as("a connection reached the test's server socket").isFalse();
    }
  }

  private static boolean acceptsAConnection(ServerSocket server) throws IOException {
    try {
      server.accept().close();
      return true;
    } catch (SocketTimeoutException expected) {
      return false;
    }
  }

  @Test
  void namesDoNotResolve() throws IOException {
    assertThat(run("getent", "hosts", "localhost").exitCode()).isNotZero();
    assertThat(run("getent", "hosts", "deb.debian.org").exitCode()).isNotZero();
  }

  @Test
  void toolRunsAsUid65534() throws IOException {
    Sandbox.Result uid = run("id", "-u");
    Sandbox.Result gid = run("id", "-g");

    assertThat(uid.output().strip()).isEqualTo("65534");
    assertThat(gid.output().strip()).isEqualTo("65534");
  }

  @Test
  void toolHasNoCapabilities() throws IOException {
    // No /proc to read CapEff from: try what a capability would allow instead.
    Sandbox.Result chown = run("sh", "-c", "touch " + SandboxPaths.OUT + "/f && chown 0:0 " + SandboxPaths.OUT + "/f");
    Sandbox.Result mknod = run("mknod", SandboxPaths.OUT + "/dev", "c", "1", "3");

    assertThat(chown.exitCode()).as(chown.output()).isNotZero();
    assertThat(mknod.exitCode()).as(mknod.output()).isNotZero();
    assertThat(out.resolve("dev")).doesNotExist();
  }

  @Test
  void onlyTheWritableMountReachesTheHost() throws IOException {
    Sandbox.Result writable = run("sh", "-c", "echo made > " + SandboxPaths.OUT + "/made.txt");

    assertThat(writable.succeeded()).as(writable.output()).isTrue();
    assertThat(out.resolve("made.txt")).hasContent("made");
  }

  @Test
  void writesToReadOnlyMountsFail() throws IOException {
    String marker = "bpfforge-it-" + UUID.randomUUID();
    for (String target : List.of(SandboxPaths.SRC + "/" + marker, SandboxPaths.SRC + "/prog.c", "/usr/" + marker, "/usr/bin/" + marker)) {
      Sandbox.Result write = run("sh", "-c", "echo pwned > " + target);

      assertThat(write.exitCode()).as("write " + target).isNotZero();
    }
    assertThat(src.resolve(marker)).doesNotExist();
    assertThat(src.resolve("prog.c")).content().doesNotContain("pwned");
    assertThat(Path.of("/usr", marker)).doesNotExist();
    assertThat(Path.of("/usr/bin", marker)).doesNotExist();
  }

  @Test
  void writesOutsideTheMountsStayInsideTheSandbox() throws IOException {
    String marker = "bpfforge-it-" + UUID.randomUUID();

    run("sh", "-c", "echo x > /tmp/" + marker + "; echo x > /" + marker + "; mkdir -p /etc && echo x > /etc/" + marker);

    assertThat(Path.of("/tmp", marker)).doesNotExist();
    assertThat(Path.of("/", marker)).doesNotExist();
    assertThat(Path.of("/etc", marker)).doesNotExist();
  }

  @Test
  void environmentHoldsOnlyPathTmpdirLocaleAndWorkingDirectory() throws IOException {
    Sandbox.Result env = run("env");

    assertThat(env.succeeded()).isTrue();
    Set<String> names = env.output().lines().map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
    // bwrap itself sets PWD to the --chdir directory, a sandbox path; nothing else may be there.
    assertThat(names).containsExactlyInAnyOrder("PATH", "TMPDIR", "LC_ALL", "PWD");
    assertThat(env.output().lines()).contains("PATH=/usr/bin:/usr/sbin", "TMPDIR=/tmp", "LC_ALL=C", "PWD=" + SandboxPaths.SRC);
    Set<String> hostOnly = new HashSet<>(System.getenv().keySet());
    hostOnly.removeAll(Set.of("PATH", "TMPDIR", "LC_ALL", "PWD"));
    hostOnly.addAll(Set.of("HOME", "USER", "JAVA_HOME", "MAVEN_OPTS", "LD_PRELOAD", "SSH_AUTH_SOCK"));
    assertThat(names).doesNotContainAnyElementsOf(hostOnly);
  }

  @Test
  void wallClockLimitKillsTheToolAndEverythingItStarted() throws Exception {
    Instant started = Instant.now().minusSeconds(1);
    Sandbox sandbox = sandbox(Duration.ofSeconds(2), WALL, 64L << 20, LOG_BYTES);

    long t0 = System.nanoTime();
    Sandbox.Result result = run(sandbox, "sh", "-c", "(setsid sleep 61 &); sleep 60");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertNoSleepLeft(started, "60", "61");
  }

  @Test
  void toolThatExitsTakesItsBackgroundProcessesWithIt() throws Exception {
    Instant started = Instant.now().minusSeconds(1);

    long t0 = System.nanoTime();
    Sandbox.Result result = run("sh", "-c", "sleep 62 & echo started");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.output()).contains("started");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertNoSleepLeft(started, "62");
  }

  /** Any matching {@code sleep} started by this test must be gone within 5 s (SIGKILL is asynchronous). */
  private static void assertNoSleepLeft(Instant startedAfter, String... durations) throws Exception {
    Set<String> wanted = Set.of(durations);
    List<ProcessHandle> left = ProcessHandle.allProcesses()
        // The command (from /proc/<pid>/exe) may be hidden from us; the arguments (cmdline) are not.
        .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(true))
        .filter(p -> p.info().arguments().map(a -> a.length == 1 && wanted.contains(a[0])).orElse(false))
        .filter(p -> p.info().startInstant().map(s -> !s.isBefore(startedAfter)).orElse(true))
        .toList();
    for (ProcessHandle process : left) {
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("sleep " + process.info().arguments().map(Arrays::toString).orElse("?")
            + " (pid " + process.pid() + ") outlived the sandbox", e);
      }
    }
  }

  @Test
  void cpuLimitStopsABusyLoopBeforeTheWallClock() throws IOException {
    Sandbox sandbox = sandbox(WALL, Duration.ofSeconds(1), 64L << 20, LOG_BYTES);

    long t0 = System.nanoTime();
    Sandbox.Result result = run(sandbox, "sh", "-c", "while :; do :; done");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isNotZero();
    assertThat(took).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void fileSizeLimitStopsAnOversizedWrite() throws IOException {
    long limit = 1 << 20;
    Sandbox sandbox = sandbox(WALL, WALL, limit, LOG_BYTES);

    Sandbox.Result result = run(sandbox, "sh", "-c", "head -c 5000000 /dev/zero > " + SandboxPaths.OUT + "/big");

    assertThat(result.exitCode()).isNotZero();
    assertThat(Files.size(out.resolve("big"))).isLessThanOrEqualTo(limit);
  }

  @Test
  void outputBeyondTheLogLimitIsTruncated() throws IOException {
    long limit = 1000;
    Sandbox sandbox = sandbox(WALL, WALL, 64L << 20, limit);

    Sandbox.Result result = run(sandbox, "sh", "-c", "yes | head -c 100000");

    assertThat(result.outputTruncated()).isTrue();
    assertThat((long) result.output().length()).isLessThanOrEqualTo(limit);
    assertThat(result.output()).startsWith("y\ny\n");
  }

  @Test
  void outputAtTheLogLimitIsNotTruncated() throws IOException {
    Sandbox sandbox = sandbox(WALL, WALL, 64L << 20, 1000);

    Sandbox.Result result = run(sandbox, "sh", "-c", "yes | head -c 1000");

    assertThat(result.outputTruncated()).isFalse();
    assertThat(result.output()).hasSize(1000);
  }

  @Test
  void stdinIsEmpty() throws IOException {
    Sandbox.Result result = run("sh", "-c", "wc -c");

    assertThat(result.output().strip()).isEqualTo("0");
  }
}
