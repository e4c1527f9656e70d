package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** {@code tokens list} for people: one line per token, its state first among the times, never a secret. */
final class TokenTable {
  private static final String ROW = "%-36s  %-16s %-5s  %-8s %-20s %-20s %-20s %s";

  private TokenTable() {}

  static List<String> lines(JsonNode tokens) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(ROW, "ID", "TENANT", "ROLE", "STATE", "CREATED", "LAST USED", "REVOKED", "NAME").stripTrailing());
    for (JsonNode t : tokens) {
      boolean revoked = present(t, "revokedAt");
      lines.add(String.format(ROW, t.path("id").asText(), t.path("tenant").asText(), t.path("role").asText(),
          revoked ? "revoked" : "active", time(t, "createdAt"), time(t, "lastUsedAt"), time(t, "revokedAt"),
          present(t, "name") ? t.get("name").asText() : "-").stripTrailing());
    }
    return lines;
  }

  private static boolean present(JsonNode token, String field) {
    JsonNode value = token.get(field);
    return value != null && !value.isNull() && !value.asText().isEmpty();
  }

  /** To the second: the service's microseconds only widen the table. */
  private static String time(JsonNode token, String field) {
    if (!present(token, field)) {
      return "-";
    }
    String raw = token.get(field).asText();
    try {
      return Instant.parse(raw).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException notAnInstant) {
      return raw;
    }
  }
}
