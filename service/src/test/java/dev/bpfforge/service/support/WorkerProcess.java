package dev.bpfforge.service.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service jar started as a separate worker-only process against the test's PostgreSQL and
 * data dir: what a worker on another machine or in a container is, and something a test can
 * {@code kill -9}.
 */
public final class WorkerProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target", "bpfforge-service.jar").toAbsolutePath();
  private final Process process;
  private final String name;
  private final Path log;

  private WorkerProcess(Process process, String name, Path log) {
    this.process = process;
    this.name = name;
    this.log = log;
  }

  /** A worker holding only toolchain {@code toolchainId} (the host's tools under that id). */
  public static WorkerProcess start(String name, String jdbcUrl, Path dataDir, String toolchainId, Map<String, String> extra)
      throws IOException {
    Fixtures.require(Files.isRegularFile(JAR), JAR + " (built by mvn package before integration tests)");
    Path log = Files.createTempFile("worker-" + name + "-", ".log");
    // A private copy: a rebuild of target/ while the worker runs must not pull classes from under it.
    Path jar = Files.createTempFile("worker-" + name + "-", ".jar");
    Files.copy(JAR, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    jar.toFile().deleteOnExit();
    ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SPRING_DATASOURCE_URL", jdbcUrl);
    env.put("SPRING_DATASOURCE_USERNAME", "postgres");
    env.put("BPFFORGE_DATA_DIR", dataDir.toString());
    env.put("SERVER_PORT", "0");
    env.put("BPFFORGE_REGISTER_HOST_KERNEL", "false");
    env.put("BPFFORGE_TOOLCHAINS_LOCAL_ID", toolchainId);
    env.put("BPFFORGE_WORKER_NAME", name);
    env.put("BPFFORGE_WORKER_CONCURRENCY", "1");
    // Its HTTP port is unused, but with no admin token configured it would make one in the shared data dir.
    env.put("BPFFORGE_ADMIN_TOKEN", ServiceIT.ADMIN_TOKEN);
    env.putAll(extra);
    return new WorkerProcess(builder.start(), name, log);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the worker wrote to stdout and stderr. */
  public Path log() {
    return log;
  }

  /** SIGTERM, as Kubernetes and docker stop send it; waits for the process to exit and returns its exit code. */
  public int terminate(java.time.Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError("worker " + name + " did not exit within " + timeout + " of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no release, the lease simply stops being renewed. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
