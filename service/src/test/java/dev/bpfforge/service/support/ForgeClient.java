package dev.bpfforge.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A plain HTTP client speaking to the running service the way curl -F does. */
public final class ForgeClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  public ForgeClient(String base) {
    this.base = base;
  }

  /** One multipart part: a field value, or a file with the filename the client sends. */
  public record Part(String name, String filename, byte[] content) {
    public static Part field(String name, String value) {
      return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
    }

    public static Part file(String name, String filename, byte[] content) {
      return new Part(name, filename, content);
    }

    public static Part file(String name, String filename, Path path) {
      try {
        return new Part(name, filename, Files.readAllBytes(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public HttpResponse<byte[]> post(String path, List<Part> parts) {
    String boundary = "bpfforge-" + UUID.randomUUID();
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(encode(parts, boundary)))
          .build();
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> delete(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> get(String path, String... headers) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<byte[]> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
    }
  }

  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** Uploads a kernel's BTF; answers the response. */
  public HttpResponse<byte[]> uploadKernel(Path btf, String release, String arch) {
    return post("/v1/kernels", List.of(Part.file("file", btf.getFileName().toString(), btf),
        Part.field("release", release), Part.field("arch", arch)));
  }

  /** The parts of an example program: every file under examples/<name>, named by its path there. */
  public static List<Part> example(String name) {
    Path dir = Fixtures.EXAMPLES.resolve(name);
    List<Part> parts = new ArrayList<>();
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        parts.add(Part.file("file", dir.relativize(file).toString(), file));
        if (dir.relativize(file).getNameCount() > 1 && parts.stream().noneMatch(p -> p.name().equals("include"))) {
          parts.add(Part.field("include", dir.relativize(file).getParent().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    parts.add(Part.field("entry", name + ".bpf.c"));
    return parts;
  }

  private static byte[] encode(List<Part> parts, String boundary) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    for (Part part : parts) {
      out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
      String disposition = "Content-Disposition: form-data; name=\"" + part.name() + "\""
          + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"");
      out.write((disposition + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (part.filename() != null) {
        out.write("Content-Type: application/octet-stream\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      out.write(part.content());
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
