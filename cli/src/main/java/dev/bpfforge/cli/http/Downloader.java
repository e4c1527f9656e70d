package dev.bpfforge.cli.http;

import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one file into place. A connection that drops mid-body is retried: with
 * {@code Range: bytes=N-} for what is still missing, appended when the server answers {@code 206}
 * from byte N, started over when it answers {@code 200}. The bytes go to a temporary file beside
 * the target, are checked against the SHA-256 the caller was given, and only then renamed over
 * the target, so a failed or corrupt download leaves nothing behind.
 */
public final class Downloader {
  static final int ATTEMPTS = 5;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

  private final ForgeApi api;

  public Downloader(ForgeApi api) {
    this.api = api;
  }

  /** Fetches {@code pathAndQuery} to {@code target}; {@code sha256} (hex) is verified when present. */
  public void fetch(String pathAndQuery, Optional<String> sha256, Path target, String what) {
    Path dir = target.toAbsolutePath().getParent();
    Path partial;
    try {
      Files.createDirectories(dir);
      // Created like any new file (the umask decides its mode), unlike createTempFile's 0600.
      partial = Files.createFile(dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".part"));
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot write " + target + ": " + e.getMessage());
    }
    try {
      IOException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          if (transfer(pathAndQuery, partial, what)) {
            verify(partial, sha256, what);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
          }
        } catch (IOException e) {
          last = e; // the connection dropped: go again for what is missing
        }
      }
      throw api.unreachable(last != null ? last : new IOException("download of " + what + " did not complete"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.UNAVAILABLE, "interrupted while downloading " + what + ".");
    } finally {
      deleteQuietly(partial);
    }
  }

  /** One request; true when the body arrived whole, IOException when the connection broke. */
  private boolean transfer(String pathAndQuery, Path partial, String what) throws IOException, InterruptedException {
    long have = Files.size(partial);
    HttpRequest.Builder request = api.request(pathAndQuery).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response = api.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      boolean append;
      if (response.statusCode() == 206 && have > 0 && rangeStart(response).equals(Optional.of(have))) {
        append = true;
      } else if (response.statusCode() == 200) {
        append = false; // the server ignores Range: the whole file again
      } else {
        throw ProblemMessages.failure(new ForgeApi.Response(response.statusCode(), response.headers(), body.readAllBytes()),
            what, api.connection());
      }
      try (OutputStream out = append
          ? Files.newOutputStream(partial, StandardOpenOption.APPEND)
          : Files.newOutputStream(partial, StandardOpenOption.TRUNCATE_EXISTING)) {
        body.transferTo(out);
      }
      return true;
    }
  }

  private static Optional<Long> rangeStart(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Range").map(CONTENT_RANGE::matcher).filter(Matcher::matches)
        .map(m -> Long.parseLong(m.group(1)));
  }

  private static void verify(Path file, Optional<String> expected, String what) throws IOException {
    if (expected.isEmpty()) {
      return;
    }
    String actual = sha256(file);
    if (!actual.equalsIgnoreCase(expected.get())) {
      throw new CliException(ExitCodes.UNAVAILABLE, "the download of " + what + " has SHA-256 " + actual + ", not the "
          + expected.get() + " it should have; nothing was written. Try again.");
    }
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover .part file is harmless and named as such
    }
  }
}
