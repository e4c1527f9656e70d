package dev.bpfforge.service.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request larger than a configured limit; names the limit so the client knows what to shrink. */
public class LimitExceededException extends ApiException {
  private final String limit;
  private final long maximum;

  public LimitExceededException(String limit, long maximum, String detail) {
    super(HttpStatus.PAYLOAD_TOO_LARGE, "limit-exceeded", "Request exceeds a limit", detail);
    this.limit = limit;
    this.maximum = maximum;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("limit", limit, "maximum", maximum);
  }
}
