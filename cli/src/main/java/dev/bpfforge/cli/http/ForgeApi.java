package dev.bpfforge.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The service's HTTP API as the commands use it: every request carries the bearer token when one
 * is configured, and every answer that is not 2xx becomes a {@link CliException} with the exit
 * code its status calls for and the problem's own message ({@link ProblemMessages}).
 */
public final class ForgeApi {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Connection connection;
  private final HttpClient client;

  public ForgeApi(Connection connection) {
    this.connection = connection;
    this.client = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
    public boolean ok() {
      return status / 100 == 2;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new CliException(ExitCodes.UNAVAILABLE, "the service answered HTTP " + status + " with a body that is not JSON.");
      }
    }
  }

  public URI uri(String pathAndQuery) {
    return URI.create(connection.url() + pathAndQuery);
  }

  public Connection connection() {
    return connection;
  }

  /** A request to the service with the token, if any, already set. */
  public HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery));
    connection.token().ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  /** Sends and returns whatever status comes back; only a connection failure throws. */
  public Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.UNAVAILABLE, "interrupted while waiting for the service.");
    }
  }

  public HttpClient client() {
    return client;
  }

  public CliException unreachable(IOException e) {
    String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.net.ConnectException) {
      why = "connection refused";
    }
    return new CliException(ExitCodes.UNAVAILABLE, "cannot reach the BPF Forge service at " + connection.url() + " (" + why
        + "): is it running? Point --url or BPFFORGE_URL at it.", e);
  }

  /** GET a JSON document; {@code what} names it in error messages ("kernel 6.1.0-50-amd64"). */
  public JsonNode getJson(String pathAndQuery, String what) {
    return expectOk(send(request(pathAndQuery).header("Accept", "application/json").GET().build()), what).json();
  }

  public String getText(String pathAndQuery, String what) {
    return expectOk(send(request(pathAndQuery).GET().build()), what).text();
  }

  public Response postMultipart(String pathAndQuery, MultipartBody body) {
    return send(request(pathAndQuery).header("Content-Type", body.contentType()).POST(body.publisher()).build());
  }

  /** DELETE; whatever status comes back, as {@link #send}. */
  public Response delete(String pathAndQuery) {
    return send(request(pathAndQuery).DELETE().build());
  }

  public Response expectOk(Response response, String what) {
    if (!response.ok()) {
      throw ProblemMessages.failure(response, what, connection);
    }
    return response;
  }
}
