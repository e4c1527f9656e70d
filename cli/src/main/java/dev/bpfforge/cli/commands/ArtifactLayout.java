package dev.bpfforge.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import dev.bpfforge.cli.http.Downloader;
import dev.bpfforge.cli.http.ForgeApi;
import dev.bpfforge.cli.sources.GatheredSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a finished build's artifacts land. One kernel and one artifact: a file ({@code -o bpf.o},
 * by default the artifact's own name). Otherwise a directory ({@code -o OUT}, default
 * {@code out}) laid out {@code OUT/<release>/<arch>/<name>}, with {@code OUT/manifest.json}
 * recording the build, the source digest and, per kernel, the toolchain and each file's SHA-256,
 * and {@code OUT/SHA256SUMS} ({@code sha256sum -c} format): what a CI job publishes and a target
 * host picks its own object from with nothing but a shell.
 */
final class ArtifactLayout {
  private final ForgeApi api;
  private final Downloader downloader;

  ArtifactLayout(ForgeApi api) {
    this.api = api;
    this.downloader = new Downloader(api);
  }

  static boolean singleFile(JsonNode build) {
    JsonNode targets = build.get("targets");
    return targets.size() == 1 && targets.get(0).get("artifacts").size() == 1;
  }

  /** Writes the artifacts and returns the manifest (with each file's local path). */
  ObjectNode write(JsonNode build, GatheredSources sources, Optional<Path> requested) {
    ObjectNode manifest = describe(build, sources);
    if (singleFile(build)) {
      JsonNode artifact = build.get("targets").get(0).get("artifacts").get(0);
      Path target = requested.map(p -> Files.isDirectory(p) ? p.resolve(safeName(artifact.get("name").asText())) : p)
          .orElse(Path.of(safeName(artifact.get("name").asText())));
      fetch(artifact, target);
      ((ObjectNode) manifest.get("targets").get(0).get("artifacts").get(0)).put("path", target.toString());
      return manifest;
    }
    Path dir = requested.orElse(Path.of("out"));
    StringBuilder sums = new StringBuilder();
    for (JsonNode target : manifest.get("targets")) {
      Path targetDir = dir.resolve(safeName(target.get("release").asText())).resolve(safeName(target.get("arch").asText()));
      for (JsonNode artifact : target.get("artifacts")) {
        Path file = targetDir.resolve(safeName(artifact.get("name").asText()));
        fetch(artifact, file);
        ((ObjectNode) artifact).put("path", dir.relativize(file).toString());
        sums.append(artifact.get("sha256").asText()).append("  ").append(dir.relativize(file)).append('\n');
      }
    }
    try {
      Files.createDirectories(dir);
      ForgeApi.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("manifest.json").toFile(), manifest);
      Files.writeString(dir.resolve("SHA256SUMS"), sums);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot write " + dir.resolve("manifest.json") + ": " + e.getMessage());
    }
    return manifest;
  }

  /** A manifest path as the user reaches it from here: the file itself, or inside the output directory. */
  String localPath(JsonNode build, Optional<Path> requested, String manifestPath) {
    return singleFile(build) ? manifestPath : requested.orElse(Path.of("out")).resolve(manifestPath).toString();
  }

  private void fetch(JsonNode artifact, Path file) {
    String sha = artifact.get("sha256").asText();
    downloader.fetch("/v1/artifacts/" + sha, Optional.of(sha), file, "artifact " + sha);
  }

  /**
   * The manifest of a finished build: per kernel its state, toolchain and artifacts, and for a
   * failed kernel the failure and the diagnostics, their files as the user knows them.
   */
  ObjectNode describe(JsonNode build, GatheredSources sources) {
    JsonNode toolchains = api.getJson("/v1/toolchains", "the toolchains");
    ObjectNode manifest = ForgeApi.JSON.createObjectNode();
    manifest.put("build", build.get("id").asText());
    manifest.put("state", build.get("state").asText());
    manifest.put("entry", build.get("entry").asText());
    manifest.put("sourceSha256", build.get("sourceSha256").asText());
    ArrayNode targets = manifest.putArray("targets");
    for (JsonNode t : build.get("targets")) {
      ObjectNode target = targets.addObject();
      target.put("release", t.get("release").asText());
      target.put("arch", t.get("arch").asText());
      target.put("state", t.get("state").asText());
      target.set("toolchain", toolchain(toolchains, t.get("toolchain").asText()));
      target.put("mcpu", t.get("mcpu").asText());
      target.put("cacheHit", t.get("cacheHit").asBoolean());
      target.set("failure", t.get("failure"));
      if (!t.get("state").asText().equals("SUCCEEDED")) {
        ArrayNode diagnostics = target.putArray("diagnostics");
        for (JsonNode d : t.get("diagnostics")) {
          ObjectNode local = d.deepCopy();
          if (d.hasNonNull("file")) {
            local.put("file", sources.localPath(d.get("file").asText()));
          }
          diagnostics.add(local);
        }
      }
      ArrayNode artifacts = target.putArray("artifacts");
      for (JsonNode a : t.get("artifacts")) {
        artifacts.addObject().put("kind", a.get("kind").asText()).put("name", a.get("name").asText()).put("sha256", a.get("sha256").asText());
      }
    }
    return manifest;
  }

  private static ObjectNode toolchain(JsonNode toolchains, String id) {
    ObjectNode node = ForgeApi.JSON.createObjectNode().put("id", id);
    for (JsonNode t : toolchains) {
      if (t.get("id").asText().equals(id)) {
        node.put("clang", t.path("clang").asText()).put("libbpf", t.path("libbpf").asText()).put("bpftool", t.path("bpftool").asText());
      }
    }
    return node;
  }

  /** A name from the service used as one path component: it must not climb out of the output directory. */
  static String safeName(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
      throw new CliException(ExitCodes.UNAVAILABLE, "the service named a file '" + name + "', which is not a plain file name.");
    }
    return name;
  }
}
