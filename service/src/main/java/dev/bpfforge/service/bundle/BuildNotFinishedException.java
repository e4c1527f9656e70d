package dev.bpfforge.service.bundle;

import dev.bpfforge.service.api.ApiException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** A download of what a build has not finished making yet: retry once it has. */
class BuildNotFinishedException extends ApiException {
  private final UUID buildId;

  BuildNotFinishedException(UUID buildId, String what) {
    super(HttpStatus.CONFLICT, "build-not-finished", "Build not finished",
        what + " is still queued or running; wait for it with GET /v1/builds/" + buildId + "?wait=30s, then download again.");
    this.buildId = buildId;
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("build", buildId.toString());
  }
}
