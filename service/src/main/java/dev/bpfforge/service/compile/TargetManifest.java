package dev.bpfforge.service.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.toolchain.Toolchain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target's {@code manifest.json}: every input its artifacts were made from and every artifact's
 * name, size and SHA-256. It holds no time, build id or worker, so the same inputs give the same
 * bytes and an action-cache hit can hand back the manifest of the job that compiled.
 */
final class TargetManifest {
  static final String FORMAT = "bpfforge-target-manifest/1";

  /** One artifact the manifest lists. */
  record Entry(ArtifactKind kind, String name, byte[] content) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TargetManifest() {}

  /** The target kernel as the manifest names it. */
  record Kernel(KernelRelease release, Arch arch, Sha256 btf) {}

  static byte[] write(String name, SourceTree sources, CompileOptions options, Kernel kernel, Toolchain toolchain, Mcpu mcpu,
      List<Entry> artifacts) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("name", name);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("sources", ordered("sha256", sources.digest().hex(), "entry", options.entry().value(),
        "entrySha256", Sha256.of(sources.files().get(options.entry())).hex()));
    inputs.put("kernel", ordered("release", kernel.release().value(), "arch", kernel.arch().id(), "btfSha256", kernel.btf().hex()));
    inputs.put("toolchain", ordered("id", toolchain.id(), "clang", toolchain.clangVersion(), "libbpf", toolchain.libbpfVersion(),
        "bpftool", toolchain.bpftoolVersion()));
    inputs.put("options", ordered("mcpu", mcpu.id(), "strip", options.strip(),
        "defines", options.defines().stream().map(d -> d.value() == null ? d.name() : d.name() + "=" + d.value()).toList(),
        "includes", options.includeDirs()));
    manifest.put("inputs", inputs);
    List<Map<String, Object>> files = new ArrayList<>();
    for (Entry artifact : artifacts) {
      files.add(ordered("kind", artifact.kind().id(), "name", artifact.name(), "size", artifact.content().length,
          "sha256", Sha256.of(artifact.content()).hex()));
    }
    manifest.put("artifacts", files);
    try {
      return (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
