package dev.bpfforge.service.executor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a sandbox's command line with an empty environment and stdin from /dev/null, output to
 * the invocation's log (stdout to its own file when asked), and waits for it up to the wall clock.
 */
final class SandboxProcess {
  /** What kills a run that outlived its wall clock. */
  @FunctionalInterface
  interface Killer {
    void kill(Process process);
  }

  private SandboxProcess() {}

  static Sandbox.Result run(List<String> argv, Sandbox.Invocation invocation, Sandbox.Limits limits, Killer killer)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv)
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
      killer.kill(process);
      awaitQuietly(process);
    }
    byte[] head = readHead(invocation.log(), limits.logBytes());
    boolean truncated = Files.size(invocation.log()) > limits.logBytes();
    return new Sandbox.Result(finished ? process.exitValue() : -1, !finished, new String(head, StandardCharsets.UTF_8), truncated);
  }

  private static byte[] readHead(Path file, long max) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    }
  }

  static void awaitQuietly(Process process) {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
