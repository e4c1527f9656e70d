package dev.bpfforge.service.retention;

import dev.bpfforge.service.artifact.BlobStore;
import dev.bpfforge.service.bundle.BundleCache;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs the retention sweep every {@code bpfforge.retention.every}, first one interval after start-up. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "bpfforge.retention", name = "enabled", havingValue = "true", matchIfMissing = true)
class RetentionConfiguration {
  @Bean
  RetentionSweeper retentionSweeper(JdbcClient jdbc, TransactionTemplate tx, BlobStore blobs, BundleCache bundles,
      Clock clock, BpfForgeProperties properties) {
    BpfForgeProperties.Retention retention = properties.retention();
    return new RetentionSweeper(jdbc, tx, blobs, bundles, clock, retention.buildsOlderThan(), retention.blobGrace());
  }

  @Bean
  ScheduledSweep scheduledSweep(RetentionSweeper sweeper) {
    return new ScheduledSweep(sweeper);
  }

  static class ScheduledSweep {
    private final RetentionSweeper sweeper;

    ScheduledSweep(RetentionSweeper sweeper) {
      this.sweeper = sweeper;
    }

    @Scheduled(initialDelayString = "${bpfforge.retention.every:1h}", fixedDelayString = "${bpfforge.retention.every:1h}")
    void sweep() {
      sweeper.sweep();
    }
  }
}
