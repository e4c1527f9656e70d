package dev.bpfforge.service.security;

import dev.bpfforge.service.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A known token whose role does not allow the operation: 403, naming the role it needs. */
public class ForbiddenException extends ApiException {
  private final Role needed;

  public ForbiddenException(Role needed, String detail) {
    super(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
    this.needed = needed;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("requiredRole", needed.id());
  }
}
