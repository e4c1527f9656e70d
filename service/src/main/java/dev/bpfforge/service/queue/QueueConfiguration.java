package dev.bpfforge.service.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.security.QuotaProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class QueueConfiguration {
  @Bean
  JobQueue jobQueue(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, Clock clock, BpfForgeProperties properties,
      QuotaProperties quotas, ObjectProvider<QueueListener> listener) {
    return new JobQueue(jdbc, tx, json, clock, properties.queue().lease(), quotas.maxRunningJobs(),
        listener.getIfAvailable(() -> QueueListener.NONE));
  }

  @Bean
  WakeSignal wakeSignal() {
    return new WakeSignal();
  }
}
