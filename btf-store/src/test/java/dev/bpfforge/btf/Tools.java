package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Command-line tools that tests build fixtures with (gcc, objcopy, the compressors, dpkg-deb,
 * rpmbuild, pahole). Under {@code CI=true} a missing tool fails the test; elsewhere it skips.
 */
final class Tools {

  private Tools() {
  }

  /** Path of {@code name} on the PATH (or in /usr/sbin), after checking it exists. */
  static String require(String name) {
    Optional<Path> found = Arrays.stream((System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(found).as("tool %s (CI=true: required, not skipped)", name).isPresent();
    } else {
      assumeTrue(found.isPresent(), () -> name + " not installed, skipping");
    }
    return found.get().toString();
  }

  /** Runs a tool (found with {@link #require}) in {@code dir}; fails the test unless it exits 0. */
  static void run(Path dir, String... argv) throws IOException {
    run(dir, null, null, argv);
  }

  /** As {@link #run(Path, String...)}, with stdin and stdout redirected from and to files. */
  static void run(Path dir, Path stdin, Path stdout, String... argv) throws IOException {
    String[] command = argv.clone();
    command[0] = require(argv[0]);
    Path log = Files.createTempFile(dir, "tool-", ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectError(log.toFile());
    pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile()) : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    try {
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("%s finished", argv[0]).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", String.join(" ", argv),
        Files.readString(log, StandardCharsets.UTF_8)).isZero();
    Files.delete(log);
  }
}
