package dev.bpfforge.service.queue;

import com.zaxxer.hikari.HikariDataSource;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ServiceIT;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tests that run jobs on worker processes of their own: each test gets a toolchain id only its
 * workers hold, so the test decides who runs the jobs, and the workers reach the test's database.
 */
abstract class ExternalWorkersIT extends ServiceIT {
  private final String toolchainPrefix;

  @Autowired DataSource dataSource;
  String toolchain;

  ExternalWorkersIT(String toolchainPrefix) {
    this.toolchainPrefix = toolchainPrefix;
  }

  @BeforeEach
  void toolchainOfItsOwn() {
    Fixtures.requireToolchain();
    toolchain = toolchainPrefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The workers' toolchain row would outlive them and, as the same versions as the host's, could
   * win routing for the tests that follow in this shared context: it goes with its workers.
   */
  @AfterEach
  void forgetToolchain() {
    jdbc.update("delete from toolchains where id = ?", toolchain);
  }

  String jdbcUrl() throws SQLException {
    return dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
  }

  boolean toolchainPublished() {
    return jdbc.queryForObject("select count(*) from toolchains where id = ?", Long.class, toolchain) == 1;
  }
}
