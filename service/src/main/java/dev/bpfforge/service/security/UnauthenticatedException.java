package dev.bpfforge.service.security;

import dev.bpfforge.service.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** No token, or one the service does not know (never issued, or revoked): 401. */
class UnauthenticatedException extends ApiException {
  UnauthenticatedException(String detail) {
    super(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required", detail);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("WWW-Authenticate", "Bearer realm=\"bpfforge\"");
  }
}
