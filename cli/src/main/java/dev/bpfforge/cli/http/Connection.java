package dev.bpfforge.cli.http;

import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the service is and the token to show it, each taken from the first that has it: the
 * flag, the environment ({@code BPFFORGE_URL}, {@code BPFFORGE_TOKEN}), the config file
 * ({@code $XDG_CONFIG_HOME/bpfforge/config}, else {@code ~/.config/bpfforge/config}, Java
 * properties: {@code url = ...} and {@code token = ...} lines), then {@code http://localhost:8080}
 * and no token.
 */
public record Connection(URI url, Optional<String> token) {
  public static final String DEFAULT_URL = "http://localhost:8080";

  public static Connection resolve(String urlFlag, String tokenFlag, Map<String, String> env) {
    Properties file = configFile(env);
    String url = first(urlFlag, env.get("BPFFORGE_URL"), file.getProperty("url"), DEFAULT_URL);
    String token = first(tokenFlag, env.get("BPFFORGE_TOKEN"), file.getProperty("token"), null);
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "'" + url + "' is not a URL: give the service as http://host:port.");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
      throw new CliException(ExitCodes.USAGE, "'" + url + "' is not an http(s) URL: give the service as http://host:port.");
    }
    return new Connection(uri, Optional.ofNullable(token).filter(t -> !t.isBlank()));
  }

  public static Path configPath(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("bpfforge").resolve("config");
  }

  private static Properties configFile(Map<String, String> env) {
    Properties properties = new Properties();
    Path path = configPath(env);
    if (Files.isReadable(path)) {
      try (Reader reader = Files.newBufferedReader(path)) {
        properties.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "cannot read " + path + ": " + e.getMessage());
      }
    }
    return properties;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
