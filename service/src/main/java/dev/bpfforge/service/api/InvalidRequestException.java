package dev.bpfforge.service.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request the client must change: unknown field, bad value, missing entry, unsafe path. */
public class InvalidRequestException extends ApiException {
  private final String field;

  public InvalidRequestException(String field, String detail) {
    super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    this.field = field;
  }

  public String field() {
    return field;
  }

  @Override
  public Map<String, Object> properties() {
    return field == null ? Map.of() : Map.of("field", field);
  }
}
