package dev.bpfforge.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.cli.CliException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProblemMessagesTest {
  private static final Connection CONNECTION = new Connection(URI.create("http://forge:8080"), Optional.empty());

  private static CliException failure(int status, String body) {
    ForgeApi.Response response = new ForgeApi.Response(status, HttpHeaders.of(Map.of(), (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    return ProblemMessages.failure(response, "the kernel catalog", CONNECTION);
  }

  @Test
  void aMissingOrWrongTokenSaysWhereTheTokenComesFromAndExits5() {
    CliException e = failure(401, "{\"type\":\"https://bpfforge.dev/problems/unauthorized\",\"status\":401,\"detail\":\"Send a bearer token.\"}");
    assertThat(e.exitCode()).isEqualTo(5);
    assertThat(e.getMessage()).contains("HTTP 401: Send a bearer token)", "--token", "BPFFORGE_TOKEN", "bpfforge/config");
  }

  @Test
  void aTokenWithoutTheRoleSaysWhatItWasRefusedAndExits5() {
    CliException e = failure(403, "{\"status\":403,\"detail\":\"Adding kernels needs the admin role.\"}");
    assertThat(e.exitCode()).isEqualTo(5);
    assertThat(e.getMessage()).contains("the kernel catalog", "HTTP 403", "admin role");
  }

  @Test
  void aRefusalNamesTheRoleTheServiceSaysIsNeeded() {
    CliException e = failure(403, "{\"type\":\"https://bpfforge.dev/problems/forbidden\",\"status\":403,"
        + "\"detail\":\"This token has role user.\",\"requiredRole\":\"admin\"}");
    assertThat(e.exitCode()).isEqualTo(5);
    assertThat(e.getMessage()).isEqualTo(
        "the token is not allowed to reach the kernel catalog: it needs a token with the admin role (HTTP 403: This token has role user).");
  }

  @Test
  void notFoundIsExit4AndNamesTheClosestKnownOnce() {
    CliException e = failure(404, "{\"status\":404,\"detail\":\"Kernel 6.1.0-49-amd64 is not in the catalog.\",\"closest\":[\"6.1.0-50-amd64@x86_64\"]}");
    assertThat(e.exitCode()).isEqualTo(4);
    assertThat(e.getMessage()).isEqualTo("Kernel 6.1.0-49-amd64 is not in the catalog. Closest known: 6.1.0-50-amd64@x86_64.");
  }

  @Test
  void aServerErrorIsExit3AndABadRequestIsExit2() {
    assertThat(failure(503, "{\"detail\":\"No toolchain builds for arm64.\"}").exitCode()).isEqualTo(3);
    assertThat(failure(500, "not json").getMessage()).contains("http://forge:8080", "HTTP 500");
    CliException bad = failure(400, "{\"status\":400,\"detail\":\"mcpu 'v9' must be one of v1, v2, v3, v4.\"}");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.getMessage()).contains("mcpu 'v9'");
  }
}
