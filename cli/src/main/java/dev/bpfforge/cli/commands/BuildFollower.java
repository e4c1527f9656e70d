package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.Output;
import dev.bpfforge.cli.http.ForgeApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Waits for a build to finish by long-polling {@code GET /v1/builds/{id}?wait=30s}, telling a
 * watching user each target's state and queue position as they change.
 */
final class BuildFollower {
  static final Set<String> FINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(150); // beyond the service's 2-minute cap on wait

  private BuildFollower() {}

  /**
   * Returns the build once it is final. With {@code cancelOnExit}, a Ctrl-C while waiting cancels
   * the build's unfinished targets: nobody is left to collect them.
   */
  static JsonNode awaitFinished(ForgeApi api, Output output, JsonNode build, boolean cancelOnExit) {
    String id = build.get("id").asText();
    Thread cancel = new Thread(() -> {
      try {
        api.send(api.request("/v1/builds/" + id).DELETE().build());
        output.notice("bpfforge: cancelled build " + id);
      } catch (RuntimeException unreachable) {
        output.notice("bpfforge: could not cancel build " + id + "; it goes on on the service");
      }
    }, "cancel-build");
    if (cancelOnExit && !FINAL.contains(build.get("state").asText())) {
      Runtime.getRuntime().addShutdownHook(cancel);
    }
    try {
      return follow(api, output, build);
    } finally {
      if (cancelOnExit) {
        try {
          Runtime.getRuntime().removeShutdownHook(cancel);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
          // the hook is running (Ctrl-C) or was never needed
        }
      }
    }
  }

  private static JsonNode follow(ForgeApi api, Output output, JsonNode build) {
    String id = build.get("id").asText();
    String shown = "";
    while (true) {
      String status = status(build);
      if (!status.equals(shown)) {
        output.progress("build " + id + ": " + status);
        shown = status;
      }
      if (FINAL.contains(build.get("state").asText())) {
        return build;
      }
      build = api.expectOk(api.send(api.request("/v1/builds/" + id + "?wait=30s").timeout(POLL_TIMEOUT)
          .header("Accept", "application/json").GET().build()), "build " + id).json();
    }
  }

  static String status(JsonNode build) {
    List<String> targets = new ArrayList<>();
    for (JsonNode t : build.get("targets")) {
      String state = t.get("state").asText();
      JsonNode position = t.get("queuePosition");
      String where = state.equals("QUEUED") && position != null && !position.isNull() ? " (" + position.asInt() + " ahead)" : "";
      targets.add(t.get("release").asText() + "@" + t.get("arch").asText() + " " + state + where);
    }
    return build.get("state").asText() + ": " + String.join(", ", targets);
  }
}
