package dev.bpfforge.service.security;

import dev.bpfforge.service.api.ApiException;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A tenant over one of its quotas: 429 with Retry-After, naming the quota. */
public class QuotaExceededException extends ApiException {
  private final String limit;
  private final long maximum;
  private final Duration retryAfter;

  public QuotaExceededException(String limit, long maximum, Duration retryAfter, String detail) {
    super(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded", detail);
    this.limit = limit;
    this.maximum = maximum;
    this.retryAfter = retryAfter;
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("limit", limit, "maximum", maximum);
  }
}
