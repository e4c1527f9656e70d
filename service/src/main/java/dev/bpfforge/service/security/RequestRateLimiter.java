package dev.bpfforge.service.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * Requests per tenant per minute, as a token bucket per tenant (bursts up to the minute's
 * allowance, refilled evenly). In memory: each replica enforces the rate on what reaches it,
 * which bounds the load on that replica, the thing this protects. Tenants are made by admins,
 * so the map stays small.
 */
@Component
class RequestRateLimiter {
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int perMinute;

  RequestRateLimiter(QuotaProperties quotas) {
    this.perMinute = quotas.requestsPerMinute();
  }

  /** Takes one request from the tenant's allowance, or throws a 429 saying when the next one fits. */
  void acquire(String tenant) {
    if (perMinute <= 0) {
      return;
    }
    Bucket bucket = buckets.computeIfAbsent(tenant, t -> Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw new QuotaExceededException("request-rate", perMinute, Duration.ofNanos(probe.getNanosToWaitForRefill()),
          "Tenant " + tenant + " sent more than " + perMinute + " requests in a minute (bpfforge.quotas.requests-per-minute);"
              + " wait for Retry-After seconds and send fewer requests, e.g. long-poll builds with ?wait=30s.");
    }
  }
}
