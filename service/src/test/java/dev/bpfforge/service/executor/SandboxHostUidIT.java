package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bpfforge.service.support.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandboxed tool is not root on the host, even when the service is: bubblewrap's uid inside
 * its namespace would map to root outside, so the sandbox drops to nobody first. Checked from
 * the host's side, in /proc, while the tool runs.
 */
class SandboxHostUidIT {
  @TempDir Path dir;

  @Test
  void aSandboxedToolRunsAsNobodyOnTheHost() throws Exception {
    Fixtures.requireToolchain();
    Fixtures.require("root".equals(System.getProperty("user.name")), "root (the case this guards against)");
    Path src = Files.createDirectory(dir.resolve("src"));
    Path out = Files.createDirectory(dir.resolve("out"));
    Path log = Files.createFile(dir.resolve("log"));
    String seconds = "29." + System.nanoTime() % 100000; // a command line no other process has
    Sandbox sandbox = new BwrapSandbox("bwrap", new Sandbox.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), 1L << 30, 1 << 20, 1 << 16));
    List<Sandbox.Mount> mounts = List.of(new Sandbox.Mount(src, SandboxPaths.SRC, false), new Sandbox.Mount(out, SandboxPaths.OUT, true));

    CompletableFuture<Sandbox.Result> running = CompletableFuture.supplyAsync(() -> {
      try {
        return sandbox.run(new Sandbox.Invocation(List.of("sh", "-c", "touch " + SandboxPaths.OUT + "/made && sleep " + seconds),
            mounts, SandboxPaths.SRC, null, log));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      long pid = await().atMost(Duration.ofSeconds(20)).until(() -> processRunning("sleep\0" + seconds + "\0"), Optional::isPresent).get();
      assertThat(realUid(pid)).as("host uid of the sandboxed sleep").isEqualTo(SandboxUser.NOBODY);
      assertThat(Files.getAttribute(out.resolve("made"), "unix:uid")).as("owner of a file the tool wrote").isEqualTo(SandboxUser.NOBODY);
    } finally {
      ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep " + seconds)).forEach(ProcessHandle::destroyForcibly);
      running.handle((r, e) -> r).get();
    }
  }

  private static Optional<Long> processRunning(String cmdline) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> read(p.resolve("cmdline")).startsWith(cmdline))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    }
  }

  private static int realUid(long pid) {
    String uidLine = read(Path.of("/proc", Long.toString(pid), "status")).lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
    return Integer.parseInt(uidLine.split("\\s+")[1]);
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // the process ended while we looked
    }
  }
}
