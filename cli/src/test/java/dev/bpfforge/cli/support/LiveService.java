package dev.bpfforge.cli.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real service jar, started once per test JVM as a separate process on its embedded default
 * (its own PostgreSQL, blob store and bubblewrap executor under a temporary data dir), with the
 * host kernel left out of the catalog so {@code --kernel local} has something to upload. Stopped,
 * and its data dir removed, when the JVM exits.
 */
public final class LiveService {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
  private static LiveService shared;

  private final Process process;
  private final String url;
  private final String token;
  private final Path log;
  private final Path dataDir;

  private LiveService(Process process, String url, String token, Path log, Path dataDir) {
    this.process = process;
    this.url = url;
    this.token = token;
    this.log = log;
    this.dataDir = dataDir;
  }

  public static synchronized LiveService shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static LiveService start() throws IOException, InterruptedException {
    CliFixtures.requireJars();
    CliFixtures.requireToolchain();
    Path dataDir = Files.createTempDirectory("bpfforge-cli-it-");
    Path log = dataDir.resolve("service.log");
    int port = freePort();
    String token = "it-" + UUID.randomUUID();
    ProcessBuilder builder = new ProcessBuilder("java", "-Xmx768m", "-jar", CliFixtures.SERVICE_JAR.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("BPFFORGE_DATA_DIR", dataDir.toString());
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("BPFFORGE_REGISTER_HOST_KERNEL", "false");
    // Every request is authenticated: this admin token is the CLI's default, and makes the tokens the token tests use.
    env.put("BPFFORGE_ADMIN_TOKEN", token);
    LiveService service = new LiveService(builder.start(), "http://127.0.0.1:" + port, token, log, dataDir);
    service.awaitHealthy();
    return service;
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      // The pause between polls doubles as the check that the service has not died on the way up.
      if (process.waitFor(1, TimeUnit.SECONDS)) {
        break;
      }
    }
    String tail = tail();
    stop();
    fail("the service did not become healthy; its log ends:\n" + tail);
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  public String url() {
    return url;
  }

  public String token() {
    return token;
  }

  public Path dataDir() {
    return dataDir;
  }

  void stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    deleteDataDir(); // its PostgreSQL cluster and blobs: over 100 MB a run
  }

  private void deleteDataDir() {
    try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is all that is lost
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
