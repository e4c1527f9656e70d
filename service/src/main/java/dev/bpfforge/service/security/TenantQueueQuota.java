package dev.bpfforge.service.security;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The queued-jobs quota: a tenant may have at most {@code bpfforge.quotas.max-queued-jobs} jobs
 * waiting. Checked before a build is written, so a refused build leaves nothing behind. Two
 * builds of one tenant submitted at the same instant may both pass: a bounded overshoot, not a
 * starvation.
 */
@Component
public class TenantQueueQuota {
  /** Jobs drain at compile speed: a few seconds each. A client that waits this long finds room or asks again. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final int maxQueued;

  TenantQueueQuota(JdbcClient jdbc, QuotaProperties quotas) {
    this.jdbc = jdbc;
    this.maxQueued = quotas.maxQueuedJobs();
  }

  /** Throws 429 if {@code adding} more queued jobs would put the tenant over its quota. */
  public void checkQueued(String tenant, int adding) {
    long queued = jdbc.sql("select count(*) from jobs j join builds b on b.id = j.build_id"
            + " where b.tenant = :tenant and j.state = 'QUEUED'")
        .param("tenant", tenant).query(Long.class).single();
    if (queued + adding > maxQueued) {
      throw new QuotaExceededException("queued-jobs", maxQueued, RETRY_AFTER, "Tenant " + tenant + " has " + queued
          + " jobs queued and this build adds " + adding + "; at most " + maxQueued
          + " may wait at once (bpfforge.quotas.max-queued-jobs). Wait for builds to finish, or cancel some.");
    }
  }
}
