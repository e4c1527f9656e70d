package dev.bpfforge.service.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.toolchain.Toolchain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bundle's top-level {@code manifest.json}: what was built from what, with which toolchain,
 * every file with its size and digest, and the targets that did not succeed and why. Records
 * give a fixed field order and nothing time-dependent is added, so one build always has one
 * manifest.
 */
final class BundleManifest {
  static final String NAME = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private BundleManifest() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ToolchainEntry(String id, String clang, String libbpf, String bpftool) {}

  record FileEntry(String path, String kind, String name, long size, String sha256) {}

  record TargetEntry(String release, String arch, ToolchainEntry toolchain, String mcpu, String btfSha256, List<FileEntry> files) {}

  record FailureEntry(String kind, String message) {}

  record FailedTarget(String release, String arch, String state, FailureEntry failure) {}

  record Manifest(String build, String name, String version, String state, String entry, String sourceSha256,
      java.time.Instant createdAt, java.time.Instant finishedAt, List<TargetEntry> targets, List<FailedTarget> failed) {}

  /** @param toolchains the versions of a toolchain id, when this service still knows it */
  static byte[] of(BuildFiles files, Function<String, Optional<Toolchain>> toolchains) {
    Build b = files.build();
    List<TargetEntry> built = files.targets().stream().filter(BuildFiles.Target::succeeded)
        .map(t -> new TargetEntry(t.release(), t.arch(), toolchain(t.job().toolchain(), toolchains), t.job().mcpu(),
            t.kernel().btfSha256().hex(),
            t.files().stream().map(f -> new FileEntry(t.directory() + f.name(), f.kind(), f.name(), f.size(), f.sha256().hex())).toList()))
        .toList();
    List<FailedTarget> failed = files.targets().stream().filter(t -> !t.succeeded())
        .map(t -> new FailedTarget(t.release(), t.arch(), t.job().state().name(),
            t.job().failureKind() == null ? null : new FailureEntry(t.job().failureKind().name(), t.job().failure())))
        .toList();
    Manifest manifest = new Manifest(b.id().toString(), b.name(), b.version(), b.state().name(), b.entry(), b.sourceSha256(),
        b.createdAt(), b.finishedAt(), built, failed);
    try {
      return (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest of build " + b.id(), e);
    }
  }

  private static ToolchainEntry toolchain(String id, Function<String, Optional<Toolchain>> toolchains) {
    return toolchains.apply(id)
        .map(t -> new ToolchainEntry(t.id(), t.clangVersion(), t.libbpfVersion(), t.bpftoolVersion()))
        .orElse(new ToolchainEntry(id, null, null, null));
  }
}
