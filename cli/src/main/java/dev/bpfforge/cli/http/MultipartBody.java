package dev.bpfforge.cli.http;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} request body (RFC 7578): text fields and files, files streamed
 * from disk rather than held in memory (a kernel package is tens of megabytes).
 */
public final class MultipartBody {
  private final String boundary = "bpfforge-" + UUID.randomUUID();
  private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

  public MultipartBody field(String name, String value) {
    text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    return this;
  }

  /** A file part; {@code filename} is what the service sees (for sources: the path in the tree). */
  public MultipartBody file(String name, String filename, Path content) throws FileNotFoundException {
    text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
        + filename.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofFile(content));
    text("\r\n");
    return this;
  }

  /** A file part from bytes already read (files whose size the file system does not report, as in sysfs). */
  public MultipartBody file(String name, String filename, byte[] content) {
    text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
        + filename.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofByteArray(content));
    text("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public HttpRequest.BodyPublisher publisher() {
    List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
    all.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
    return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
  }

  private void text(String s) {
    parts.add(HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8));
  }
}
