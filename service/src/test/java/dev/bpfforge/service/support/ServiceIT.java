package dev.bpfforge.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole service on a random port with its embedded default
 * (a real PostgreSQL under a temporary data dir, the filesystem blob store, the bubblewrap
 * executor). All subclasses share one application context, so PostgreSQL starts once per run.
 * Metrics are exported as in production (Spring Boot turns that off in tests by default), so
 * /actuator/prometheus answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
public abstract class ServiceIT {
  protected static final Path DATA_DIR = createDataDir();
  /** The admin token the service under test is configured with (bpfforge.auth.admin-token); client() sends it. */
  public static final String ADMIN_TOKEN = "bpff_test-admin-" + java.util.UUID.randomUUID();

  @LocalServerPort protected int port;

  /**
   * The Coolbpf connector's port: a free one, not 7655, so test runs on one host do not collide,
   * chosen per application context (a subclass with its own context must not take the shared one's).
   */
  @org.springframework.beans.factory.annotation.Value("${bpfforge.lbc.port}") protected int lbcPort;

  @Autowired protected org.springframework.jdbc.core.JdbcTemplate jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    registry.add("bpfforge.auth.admin-token", () -> ADMIN_TOKEN);
    // Small enough that a test can exceed it cheaply; real BTF uploads stay well below.
    registry.add("spring.servlet.multipart.max-request-size", () -> "48MB");
    registry.add("spring.servlet.multipart.max-file-size", () -> "48MB");
    // A distro package holds a ~60 MB vmlinux; bombs are stopped by the ratio limit long before this.
    registry.add("bpfforge.limits.max-kernel-btf", () -> "256MB");
    // Long enough for a cold vmlinux.h on a loaded machine, short enough that the timeout test is quick.
    registry.add("bpfforge.sandbox.timeout", () -> "40s");
    int lbc = freePort();
    registry.add("bpfforge.lbc.port", () -> lbc);
    // Loopback minus 127.0.0.2, so a test can be a client from a network that is not allowed.
    registry.add("bpfforge.lbc.allowed-networks", () -> "127.0.0.1/32,::1/128");
  }

  /** A client with the admin token (tenant "admin"). */
  protected ForgeClient client() {
    return new ForgeClient("http://localhost:" + port, ADMIN_TOKEN);
  }

  /** A new token of {@code role} for {@code tenant}, made through the API; answers its secret. */
  protected String token(String tenant, String role) {
    var created = client().post("/v1/tokens", java.util.List.of(ForgeClient.Part.field("tenant", tenant),
        ForgeClient.Part.field("role", role)));
    if (created.statusCode() != 201) {
      throw new IllegalStateException("token not created: " + ForgeClient.text(created));
    }
    return ForgeClient.json(created).get("token").asText();
  }

  protected long rows(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDataDir() {
    try {
      Path dir = Files.createTempDirectory("bpfforge-it-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
