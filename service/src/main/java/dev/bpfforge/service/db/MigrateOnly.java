package dev.bpfforge.service.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code bpfforge.migrate-only=true}: apply the Flyway migrations and exit 0 (a failed migration
 * fails start-up, so exits non-zero). The Helm chart runs this as the API pods' init step, so the
 * schema changes once per rollout, before any replica of the new version serves.
 */
@Component
@ConditionalOnProperty(prefix = "bpfforge", name = "migrate-only", havingValue = "true")
class MigrateOnly implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(MigrateOnly.class);
  private final ConfigurableApplicationContext context;

  MigrateOnly(ConfigurableApplicationContext context) {
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    // Flyway ran while the context started; nothing else is wanted from this process.
    log.info("migrations applied; exiting (bpfforge.migrate-only)");
    System.exit(SpringApplication.exit(context, () -> 0));
  }
}
