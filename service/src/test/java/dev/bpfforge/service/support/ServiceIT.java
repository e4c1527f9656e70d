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

  @LocalServerPort protected int port;

  @Autowired protected org.springframework.jdbc.core.JdbcTemplate jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    // Small enough that a test can exceed it cheaply; real BTF uploads stay well below.
    registry.add("spring.servlet.multipart.max-request-size", () -> "48MB");
    registry.add("spring.servlet.multipart.max-file-size", () -> "48MB");
    // A distro package holds a ~60 MB vmlinux; bombs are stopped by the ratio limit long before this.
    registry.add("bpfforge.limits.max-kernel-btf", () -> "256MB");
    // Long enough for a cold vmlinux.h on a loaded machine, short enough that the timeout test is quick.
    registry.add("bpfforge.sandbox.timeout", () -> "40s");
  }

  protected ForgeClient client() {
    return new ForgeClient("http://localhost:" + port);
  }

  protected long rows(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
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
