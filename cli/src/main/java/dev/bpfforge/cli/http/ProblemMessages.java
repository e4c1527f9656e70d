package dev.bpfforge.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an error answer into the line a user reads and the exit code a script reads. The
 * service's RFC 9457 {@code detail} already says what to fix, so it is shown as is; the status
 * only picks the exit code.
 */
public final class ProblemMessages {
  private ProblemMessages() {}

  public static CliException failure(ForgeApi.Response response, String what, Connection connection) {
    JsonNode problem = parse(response);
    // Without its final period: the detail is quoted inside this CLI's own sentences.
    String detail = text(problem, "detail").orElse(text(problem, "title").orElse("HTTP " + response.status()))
        .replaceFirst("\\.$", "");
    int status = response.status();
    if (status == 401) {
      return new CliException(ExitCodes.DENIED, "the service wants a valid token (HTTP 401: " + detail + "): pass --token, set "
          + "BPFFORGE_TOKEN, or put token = ... in " + Connection.configPath(Map.copyOf(System.getenv())) + ".");
    }
    if (status == 403) {
      // The service names the least role that would do (requiredRole): the one thing to ask an operator for.
      String needs = text(problem, "requiredRole").map(role -> ": it needs a token with the " + role + " role").orElse("");
      return new CliException(ExitCodes.DENIED, "the token is not allowed to reach " + what + needs + " (HTTP 403: " + detail + ").");
    }
    if (status == 404) {
      List<String> closest = new ArrayList<>();
      problem.path("closest").forEach(k -> closest.add(k.asText()));
      String hint = closest.isEmpty() || detail.contains(closest.get(0)) ? "" : " Closest known: " + String.join(", ", closest) + ".";
      return new CliException(ExitCodes.NOT_FOUND, detail + "." + hint);
    }
    if (status >= 500) {
      return new CliException(ExitCodes.UNAVAILABLE, "the service at " + connection.url() + " failed on " + what
          + " (HTTP " + status + "): " + detail);
    }
    return new CliException(ExitCodes.USAGE, detail + " (HTTP " + status + ")");
  }

  private static JsonNode parse(ForgeApi.Response response) {
    try {
      return ForgeApi.JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      return ForgeApi.JSON.createObjectNode();
    }
  }

  private static java.util.Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.asText());
  }
}
