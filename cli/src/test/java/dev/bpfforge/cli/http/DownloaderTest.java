package dev.bpfforge.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.cli.CliException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
  private static final byte[] BODY = new byte[200_000];
  private static final String SHA;

  static {
    new Random(7).nextBytes(BODY);
    try {
      SHA = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @TempDir Path dir;

  private static ForgeApi api(FaultyHttpServer server) {
    return new ForgeApi(Connection.resolve(server.url(), "t0ken", Map.of("XDG_CONFIG_HOME", "/nonexistent")));
  }

  private static String ok(int length) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n";
  }

  @Test
  void aDroppedConnectionResumesWithRangeWhenTheServerAnswers206() throws Exception {
    int half = BODY.length / 2;
    try (FaultyHttpServer server = new FaultyHttpServer((n, response) -> {
      if (n == 0) {
        response.send(ok(BODY.length), BODY, half); // then the connection closes
      } else {
        response.send("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + half + "-" + (BODY.length - 1) + "/" + BODY.length
            + "\r\nContent-Length: " + (BODY.length - half) + "\r\n", java.util.Arrays.copyOfRange(BODY, half, BODY.length), BODY.length - half);
      }
    })) {
      Path target = dir.resolve("prog.o");
      new Downloader(api(server)).fetch("/v1/artifacts/" + SHA, Optional.of(SHA), target, "the artifact");

      assertThat(Files.readAllBytes(target)).isEqualTo(BODY);
      assertThat(server.requests()).hasSize(2);
      assertThat(server.requests().get(0)).containsIgnoringCase("authorization: Bearer t0ken").doesNotContainIgnoringCase("range:");
      assertThat(server.requests().get(1)).containsIgnoringCase("range: bytes=" + half + "-");
      assertThat(Files.list(dir)).as("no .part file left").containsExactly(target);
    }
  }

  @Test
  void aServerThatIgnoresRangeGetsTheWholeFileAgain() throws Exception {
    try (FaultyHttpServer server = new FaultyHttpServer((n, response) ->
        response.send(ok(BODY.length), BODY, n == 0 ? 1000 : BODY.length))) {
      Path target = dir.resolve("prog.o");
      new Downloader(api(server)).fetch("/x", Optional.of(SHA), target, "the artifact");

      assertThat(Files.readAllBytes(target)).isEqualTo(BODY);
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void bytesThatDoNotMatchTheDigestLeaveNothingBehind() throws Exception {
    byte[] wrong = "not the object".getBytes(StandardCharsets.US_ASCII);
    try (FaultyHttpServer server = new FaultyHttpServer((n, response) -> response.send(ok(wrong.length), wrong, wrong.length))) {
      Path target = dir.resolve("prog.o");
      assertThatThrownBy(() -> new Downloader(api(server)).fetch("/x", Optional.of(SHA), target, "the artifact"))
          .isInstanceOf(CliException.class)
          .hasMessageContaining(SHA)
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(3));
      assertThat(Files.list(dir)).isEmpty();
    }
  }

  @Test
  void aConnectionThatKeepsDroppingGivesUpAsUnreachable() throws Exception {
    try (FaultyHttpServer server = new FaultyHttpServer((n, response) -> response.send(ok(BODY.length), BODY, 10))) {
      Path target = dir.resolve("prog.o");
      assertThatThrownBy(() -> new Downloader(api(server)).fetch("/x", Optional.of(SHA), target, "the artifact"))
          .isInstanceOf(CliException.class)
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(3));
      assertThat(server.requests()).hasSize(Downloader.ATTEMPTS);
      assertThat(Files.list(dir)).isEmpty();
    }
  }

  @Test
  void aMissingArtifactIsNotFoundAndWritesNothing() throws Exception {
    byte[] problem = """
        {"type":"https://bpfforge.dev/problems/artifact-not-found","title":"Not found","status":404,"detail":"No artifact has digest x."}"""
        .getBytes(StandardCharsets.UTF_8);
    try (FaultyHttpServer server = new FaultyHttpServer((n, response) -> response.send(
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: " + problem.length + "\r\n", problem, problem.length))) {
      Path target = dir.resolve("prog.o");
      assertThatThrownBy(() -> new Downloader(api(server)).fetch("/x", Optional.of(SHA), target, "the artifact"))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("No artifact has digest")
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(4));
      assertThat(Files.list(dir)).isEmpty();
    }
  }
}
