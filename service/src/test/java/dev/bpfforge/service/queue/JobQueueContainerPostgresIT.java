package dev.bpfforge.service.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.support.ContainerPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every queue test of {@link JobQueueIT} again, on the PostgreSQL server a deployment runs (the
 * compose image in a Testcontainers container, reached over TCP with a password) instead of the
 * embedded default: claims, lease fencing, reaping and attempts do not depend on which one.
 */
class JobQueueContainerPostgresIT extends JobQueueIT {
  @BeforeAll
  static void postgresContainer() {
    ContainerPostgres.get();
  }

  @DynamicPropertySource
  static void containerPostgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", ContainerPostgres::jdbcUrl);
    registry.add("spring.datasource.username", () -> ContainerPostgres.USER);
    registry.add("spring.datasource.password", () -> ContainerPostgres.PASSWORD);
    // A second application context beside ServiceIT's, which holds the Coolbpf port it chose.
    registry.add("bpfforge.lbc.port", () -> "-1");
  }

  @Test
  void runsAgainstTheContainersServer() {
    String version = jdbc.queryForObject("show server_version", String.class);
    String address = jdbc.queryForObject("select coalesce(host(inet_server_addr()), 'socket')", String.class);
    assertThat(version).startsWith("15.");
    // A TCP connection from outside the container, not the embedded server's local socket.
    assertThat(address).isNotEqualTo("socket").isNotEqualTo("127.0.0.1");
  }
}
