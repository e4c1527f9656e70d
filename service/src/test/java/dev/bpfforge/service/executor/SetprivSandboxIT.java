package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker-container sandbox ({@link SetprivSandbox}) against the real setpriv and prlimit, run
 * as root on this host the way the worker runs as root in its container: each tool is another
 * uid with no capabilities, cannot read what the worker holds, is bounded in processes and time,
 * and leaves nothing running. Each test uses a uid of its own, so the sweep (which kills every
 * process of that uid) touches nothing else on the machine. Needs /forge (made here if missing:
 * the worker image's fixed job paths).
 */
class SetprivSandboxIT {
  private static final Duration WALL = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  private int uid;
  private Path src;
  private Path out;
  private List<Sandbox.Mount> mounts;

  @BeforeAll
  static void requireRootAndTools() throws IOException {
    Fixtures.require("root".equals(System.getProperty("user.name")), "root (setpriv changes uid)");
    Fixtures.require(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/prlimit")),
        "setpriv and prlimit (util-linux)");
    Files.createDirectories(Path.of("/forge"));
  }

  @BeforeEach
  void jobDirectory() throws IOException {
    uid = 30000 + ThreadLocalRandom.current().nextInt(20000);
    Path job = Files.createDirectories(dataDir.resolve("jobs/job-1"));
    src = Files.createDirectory(job.resolve("src"));
    out = Files.createDirectory(job.resolve("out"));
    Files.writeString(src.resolve("prog.c"), "int answer(void) { return 42; }\n");
    mounts = List.of(new Sandbox.Mount(src, SandboxPaths.SRC, false), new Sandbox.Mount(out, SandboxPaths.OUT, true));
  }

  @AfterEach
  void nothingOfTheToolsUserLeft() throws Exception {
    assertThat(processesOf(uid)).as("processes of uid " + uid + " after the run").isEmpty();
  }

  private SetprivSandbox sandbox(Duration wall, int maxProcesses) {
    return new SetprivSandbox(new Sandbox.Limits(wall, wall, 4L << 30, 64L << 20, 64 * 1024), uid, uid, maxProcesses, dataDir);
  }

  private Sandbox.Result run(Sandbox sandbox, String... command) throws IOException {
    Path log = Files.createTempFile(dataDir, "log", ".txt");
    return sandbox.run(new Sandbox.Invocation(List.of(command), mounts, SandboxPaths.SRC, null, log));
  }

  private Sandbox.Result run(String... command) throws IOException {
    return run(sandbox(WALL, 64), command);
  }

  private static String processesOf(int uid) throws Exception {
    return Tools.run(List.of("pgrep", "-u", Integer.toString(uid), "-l")).output().strip();
  }

  @Test
  void toolRunsAsTheToolsUserWithoutCapabilitiesGroupsOrTheWorkersEnvironment() throws Exception {
    Sandbox.Result result = run("sh", "-c", "id -u; id -G; grep -E '^(CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status; env | sort");

    assertThat(result.succeeded()).as(result.output()).isTrue();
    List<String> lines = result.output().lines().toList();
    assertThat(lines.get(0)).isEqualTo(Integer.toString(uid));
    assertThat(lines.get(1)).isEqualTo(Integer.toString(uid));
    assertThat(result.output()).contains("CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
        "CapAmb:\t0000000000000000", "NoNewPrivs:\t1");
    List<String> names = lines.stream().filter(l -> l.matches("[A-Z_]+=.*")).map(l -> l.substring(0, l.indexOf('='))).toList();
    // OLDPWD and PWD: the shell's own, after it changed to the job's directory
    assertThat(names).containsExactlyInAnyOrder("HOME", "LC_ALL", "OLDPWD", "PATH", "PWD", "TMPDIR");
    assertThat(result.output()).contains("PWD=" + SandboxPaths.SRC, "TMPDIR=" + SetprivSandbox.TMP);
  }

  @Test
  void workersEnvironmentAndOwnerOnlyFilesAreUnreadable() throws Exception {
    String marker = "marker-" + UUID.randomUUID();
    ProcessBuilder holder = new ProcessBuilder("sleep", "300");
    holder.environment().put("BPFFORGE_TEST_SECRET", marker);
    Process worker = holder.start();
    Path config = dataDir.resolve("worker.yml");
    Files.writeString(config, "secret: " + marker + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    try {
      Sandbox.Result environ = run("cat", "/proc/" + worker.pid() + "/environ");
      Sandbox.Result file = run("cat", config.toString());
      Sandbox.Result listing = run("ls", dataDir.toString());

      assertThat(environ.succeeded()).isFalse();
      assertThat(environ.output()).contains("Permission denied").doesNotContain(marker);
      assertThat(file.succeeded()).isFalse();
      assertThat(file.output()).contains("Permission denied").doesNotContain(marker);
      // the data dir may be traversed on the way to the job's files, never listed
      assertThat(listing.succeeded()).isFalse();
      assertThat(listing.output()).doesNotContain("worker.yml");
    } finally {
      worker.destroyForcibly().waitFor();
    }
  }

  @Test
  void toolWritesOnlyTheWritableMountAndCannotMoveTheJobsPaths() throws Exception {
    Sandbox.Result write = run("sh", "-c", "echo made > " + SandboxPaths.OUT + "/made.txt");
    Sandbox.Result intoSources = run("sh", "-c", "echo x > " + SandboxPaths.SRC + "/evil.c");
    Sandbox.Result relink = run("ln", "-sfn", "/", SandboxPaths.SRC);

    assertThat(write.succeeded()).as(write.output()).isTrue();
    assertThat(Files.readString(out.resolve("made.txt"))).isEqualTo("made\n");
    assertThat(intoSources.succeeded()).isFalse();
    assertThat(src.resolve("evil.c")).doesNotExist();
    assertThat(relink.succeeded()).isFalse();
    assertThat(Path.of(SandboxPaths.SRC)).doesNotExist(); // links live only while a run does
  }

  @Test
  void reclaimRemovesWhatTheToolsLeftWhereTheWorkerCannot() throws Exception {
    Sandbox sandbox = sandbox(WALL, 64);
    Sandbox.Result result = run(sandbox, "sh", "-c", "mkdir -p " + SandboxPaths.OUT + "/d/e && echo y > " + SandboxPaths.OUT
        + "/d/e/f && chmod 0500 " + SandboxPaths.OUT + "/d");

    assertThat(result.succeeded()).as(result.output()).isTrue();
    sandbox.reclaim(out);
    try (var left = Files.list(out)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void forkBombIsBoundedByTheToolsUsersProcessLimitAndSweptAway() throws Exception {
    Sandbox sandbox = sandbox(Duration.ofSeconds(5), 32);

    Sandbox.Result bomb = run(sandbox, "sh", "-c", "f() { f | f & wait; }; f; wait");
    Sandbox.Result next = run(sandbox, "clang", "-target", "bpf", "-O2", "-c", "prog.c", "-o", SandboxPaths.OUT + "/prog.o");

    // forks failed at the limit instead of taking the machine
    assertThat(bomb.output()).containsIgnoringCase("fork");
    // nothing of it survives, and the sandbox still works
    assertThat(next.succeeded()).as(next.output()).isTrue();
    assertThat(out.resolve("prog.o")).isNotEmptyFile();
  }

  @Test
  void wallClockKillsTheToolAndWhatItDetached() throws Exception {
    Sandbox.Result result = run(sandbox(Duration.ofSeconds(2), 64), "sh", "-c", "(setsid sleep 301 &); sleep 300");

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(processesOf(uid)).isEmpty();
  }
}
