package dev.bpfforge.service.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Queue depth and the age of the oldest queued job per toolchain, read from PostgreSQL on a
 * fixed schedule rather than per scrape: however many scrapers ask, the database sees one query
 * every {@code bpfforge.metrics.queue-refresh}. The queue is shared, so every replica reports the
 * same value; aggregate with max, not sum.
 */
@Component
class QueueGauges {
  private final JdbcClient jdbc;
  private final Clock clock;
  private final MultiGauge depth;
  private final MultiGauge oldestAge;

  QueueGauges(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.depth = MultiGauge.builder("bpfforge.queue.depth").description("Jobs queued, per toolchain")
        .register(registry);
    this.oldestAge = MultiGauge.builder("bpfforge.queue.oldest.age").description("Age of the oldest queued job, per toolchain")
        .baseUnit("seconds").register(registry);
  }

  record ToolchainQueue(String toolchain, long queued, Instant oldest) {}

  @Scheduled(initialDelay = 0, fixedDelayString = "${bpfforge.metrics.queue-refresh:5s}")
  void refresh() {
    Instant now = clock.instant();
    // Every known toolchain (published by a worker, or named by a job) gets a row, 0 when idle,
    // so an autoscaler reading the gauge sees "empty" rather than "absent".
    List<ToolchainQueue> rows = jdbc.sql("""
            select coalesce(t.id, q.toolchain) as toolchain, coalesce(q.n, 0) as n, q.oldest
              from toolchains t
              full outer join (select toolchain, count(*) as n, min(queued_at) as oldest
                                  from jobs where state = 'QUEUED' group by toolchain) q on q.toolchain = t.id
            """)
        .query((rs, n) -> {
          Timestamp oldest = rs.getTimestamp("oldest");
          return new ToolchainQueue(rs.getString("toolchain"), rs.getLong("n"), oldest == null ? null : oldest.toInstant());
        })
        .list();
    depth.register(rows.stream()
        .map(r -> MultiGauge.Row.of(Tags.of("toolchain", r.toolchain()), r.queued()))
        .toList(), true);
    oldestAge.register(rows.stream()
        .map(r -> MultiGauge.Row.of(Tags.of("toolchain", r.toolchain()),
            r.oldest() == null ? 0 : Math.max(0, Duration.between(r.oldest(), now).toMillis() / 1000.0)))
        .toList(), true);
  }
}
