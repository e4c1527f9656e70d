package dev.bpfforge.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> table(String json) throws Exception {
    JsonNode tokens = JSON.readTree(json);
    return TokenTable.lines(tokens);
  }

  @Test
  void anActiveTokenShowsItsTimesToTheSecondAndDashesForWhatItLacks() throws Exception {
    List<String> lines = table("""
        [{"id":"0f8c3a52-6a3e-4f0e-9d55-2a1b3c4d5e6f","tenant":"team-a","role":"user",
          "createdAt":"2026-12-02T05:10:11.123456Z","createdBy":"bpfforge/1"}]""");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("ID").contains("TENANT", "ROLE", "STATE", "CREATED", "LAST USED", "REVOKED", "NAME");
    assertThat(lines.get(1).split("\\s+")).containsExactly(
        "0f8c3a52-6a3e-4f0e-9d55-2a1b3c4d5e6f", "team-a", "user", "active", "2026-12-02T05:10:11Z", "-", "-", "-");
  }

  @Test
  void aRevokedTokenSaysSoAndKeepsANameWithSpacesWhole() throws Exception {
    List<String> lines = table("""
        [{"id":"1f8c3a52-6a3e-4f0e-9d55-2a1b3c4d5e6f","tenant":"ci","role":"read","name":"fleet of eu-west",
          "createdAt":"2026-12-01T00:00:00Z","lastUsedAt":"2026-12-01T08:00:59.9Z","revokedAt":"2026-12-02T01:02:03Z"}]""");

    assertThat(lines.get(1).split("\\s+", 8)).containsExactly(
        "1f8c3a52-6a3e-4f0e-9d55-2a1b3c4d5e6f", "ci", "read", "revoked", "2026-12-01T00:00:00Z", "2026-12-01T08:00:59Z",
        "2026-12-02T01:02:03Z", "fleet of eu-west");
  }

  @Test
  void noTokensIsTheHeaderAlone() throws Exception {
    assertThat(table("[]")).hasSize(1);
  }
}
