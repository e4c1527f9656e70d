package dev.bpfforge.service.storage;

import dev.bpfforge.service.api.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** 507: the service's disk is past its high-water mark; the request would make it fuller. */
public class InsufficientStorageException extends ApiException {
  private final String mark;
  private final long freeBytes;

  public InsufficientStorageException(DiskHighWater mark, long freeBytes, long totalBytes) {
    super(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient storage",
        "The service's disk is past its high-water mark (bpfforge.limits.disk-high-water = " + mark + "; "
            + freeBytes + " of " + totalBytes + " bytes free), so it takes no new builds or uploads. "
            + "Retry later; an operator frees space or raises the mark.");
    this.mark = mark.toString();
    this.freeBytes = freeBytes;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("limit", "disk-high-water", "highWater", mark, "freeBytes", freeBytes);
  }
}
