package dev.bpfforge.service.api;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Root of the service's exceptions that reach a client. Each subclass fixes a stable problem
 * {@code type}, an HTTP status and a plain title; the message is the detail and says what to fix.
 */
public abstract class ApiException extends RuntimeException {
  public static final String TYPE_BASE = "https://bpfforge.dev/problems/";

  private final HttpStatus status;
  private final String type;
  private final String title;

  protected ApiException(HttpStatus status, String type, String title, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public URI type() {
    return URI.create(TYPE_BASE + type);
  }

  public String title() {
    return title;
  }

  /** Response headers the problem needs (WWW-Authenticate on a 401, Retry-After on a 429). */
  public Map<String, String> headers() {
    return Map.of();
  }

  /** Extra members of the problem body (diagnostics, close matches, limits...). */
  public Map<String, Object> properties() {
    return Map.of();
  }
}
