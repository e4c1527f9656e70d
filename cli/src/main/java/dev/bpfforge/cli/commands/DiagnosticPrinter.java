package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.sources.GatheredSources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the service's diagnostics the way gcc and clang do, {@code file:line:col: error: message},
 * with the file as the user knows it (the service speaks in tree paths), so editors and CI
 * annotators pick them up. Under each one go the compiler's own source and caret lines, taken
 * from the target's log where it printed that diagnostic.
 */
final class DiagnosticPrinter {
  private static final Pattern LOCATED =
      Pattern.compile("^(.+?):(\\d+):(\\d+): (?:fatal )?(error|warning|note|remark): .*$");
  private static final Pattern NOT_CONTEXT =
      Pattern.compile("^(In file included from |\\s+from |\\d+ (errors?|warnings?)( and \\d+ (errors?|warnings?))? generated\\.).*");

  private final GatheredSources sources;

  DiagnosticPrinter(GatheredSources sources) {
    this.sources = sources;
  }

  List<String> lines(JsonNode diagnostics, String log) {
    Map<String, List<String>> context = contextByLocation(log);
    List<String> lines = new ArrayList<>();
    for (JsonNode d : diagnostics) {
      String severity = d.path("severity").asText("error");
      String message = d.path("message").asText();
      JsonNode file = d.get("file");
      if (file == null || file.isNull()) {
        lines.add(severity + ": " + message);
        continue;
      }
      String treePath = file.asText();
      String location = treePath + ":" + d.path("line").asInt() + ":" + d.path("column").asInt();
      lines.add(sources.localPath(treePath) + ":" + d.path("line").asInt() + ":" + d.path("column").asInt() + ": "
          + severity + ": " + message);
      lines.addAll(context.getOrDefault(location, List.of()));
    }
    return lines;
  }

  /** For each file:line:col the log locates a message at, the lines the compiler printed under it. */
  static Map<String, List<String>> contextByLocation(String log) {
    Map<String, List<String>> context = new HashMap<>();
    List<String> current = null;
    for (String line : log.split("\n")) {
      Matcher m = LOCATED.matcher(line);
      if (m.matches()) {
        current = new ArrayList<>();
        context.putIfAbsent(m.group(1) + ":" + m.group(2) + ":" + m.group(3), current);
      } else if (current != null && !NOT_CONTEXT.matcher(line).matches() && !line.isBlank()) {
        current.add(line);
      } else {
        current = null;
      }
    }
    return context;
  }
}
