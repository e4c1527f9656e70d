package dev.bpfforge.service.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.btf.Arch;
import dev.bpfforge.service.executor.ContainerRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Toolchains in worker images: each {@code worker-images/<id>/toolchain.json} names an image; the
 * versions come from the image's own tools (a probe container), not from the file. Adding a
 * toolchain is a folder and an image build, no code.
 */
public class DockerToolchains {
  private static final Logger log = LoggerFactory.getLogger(DockerToolchains.class);

  private final ContainerRunner containers;
  private final Path dir;
  private final ObjectMapper json = new ObjectMapper();

  public DockerToolchains(ContainerRunner containers, String dir) {
    this.containers = containers;
    this.dir = Path.of(dir);
  }

  public List<Toolchain> discover() {
    List<Toolchain> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      log.warn("no toolchain folder {}: no Docker toolchains", dir.toAbsolutePath());
      return found;
    }
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path descriptor : folders.map(f -> f.resolve("toolchain.json")).filter(Files::isRegularFile).sorted().toList()) {
        probe(descriptor).ifPresent(found::add);
      }
    } catch (IOException e) {
      log.warn("cannot read {}: {}", dir, e.getMessage());
    }
    return found;
  }

  private Optional<Toolchain> probe(Path descriptor) {
    try {
      JsonNode spec = json.readTree(descriptor.toFile());
      String id = spec.path("id").asText();
      String image = spec.path("image").asText();
      Set<Arch> arches = EnumSet.noneOf(Arch.class);
      spec.path("arches").forEach(a -> arches.add(Arch.parse(a.asText())));
      ContainerRunner.Outcome run = containers.run(new ContainerRunner.Spec(image, List.of("sh", "-c", ToolchainProbe.SCRIPT),
          Map.of(), Map.of(), List.of("out"), "/forge", "probe-" + id, "/forge/out"));
      Optional<Toolchain> toolchain = ToolchainProbe.parse(id, image, run.log(), arches);
      if (toolchain.isEmpty()) {
        log.warn("toolchain {}: image {} lacks clang, bpftool or libbpf headers (probe exit {})", id, image, run.exitCode());
      }
      return toolchain;
    } catch (IOException | RuntimeException e) {
      log.warn("toolchain in {} unavailable: {}", descriptor.getParent().getFileName(), e.getMessage());
      return Optional.empty();
    }
  }
}
