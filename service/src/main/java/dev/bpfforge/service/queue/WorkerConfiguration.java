package dev.bpfforge.service.queue;

import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.executor.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs workers in this process, and the reaper that re-queues jobs of workers that vanished. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WorkerConfiguration {
  @Bean
  @ConditionalOnProperty(prefix = "bpfforge.worker", name = "enabled", havingValue = "true", matchIfMissing = true)
  WorkerPool workerPool(JobQueue queue, JobHandler handler, Executors executors, BpfForgeProperties properties, WakeSignal wake) {
    return new WorkerPool(queue, handler, executors.runnable(), properties, wake);
  }

  @Bean
  Reaper reaper(JobQueue queue) {
    return new Reaper(queue);
  }

  /** Every replica reaps; the UPDATE is idempotent, so running it in several places is harmless. */
  static class Reaper {
    private final JobQueue queue;

    Reaper(JobQueue queue) {
      this.queue = queue;
    }

    @Scheduled(fixedDelayString = "${bpfforge.queue.reap-every:10s}")
    void reap() {
      queue.reapExpired();
    }
  }
}
