package dev.bpfforge.service.kernel;

import dev.bpfforge.service.api.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A target kernel that is not in the catalog; carries the closest known releases. */
public class UnknownKernelException extends ApiException {
  private final List<String> closest;

  UnknownKernelException(String target, List<String> closest) {
    super(HttpStatus.NOT_FOUND, "unknown-kernel", "Unknown kernel",
        "Kernel " + target + " is not in the catalog. "
            + (closest.isEmpty() ? "The catalog is empty" : "Closest known: " + String.join(", ", closest))
            + "; add it with POST /v1/kernels.");
    this.closest = closest;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("closest", closest);
  }
}
