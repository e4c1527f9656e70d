package dev.bpfforge.service.build;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.NotFoundException;
import dev.bpfforge.service.executor.Diagnostic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Builds as the API shows them: state, target, diagnostics, artifacts with links. */
@RestController
class BuildController {
  private final BuildRepository builds;

  BuildController(BuildRepository builds) {
    this.builds = builds;
  }

  record ArtifactView(String kind, String name, String sha256, String href) {}

  record BuildView(
      UUID id, String state, Instant createdAt, Instant finishedAt, String entry, String toolchain, String mcpu,
      Map<String, Object> options, boolean cacheHit, String vmlinux, List<Diagnostic> diagnostics, List<ArtifactView> artifacts) {}

  @GetMapping("/v1/builds/{id}")
  BuildView show(@PathVariable("id") String id) {
    Build b = find(id);
    return new BuildView(b.id(), b.state().name(), b.createdAt(), b.finishedAt(), b.entry(), b.toolchain(), b.mcpu(),
        b.options(), b.cacheHit(), b.vmlinuxSource(), b.diagnostics(),
        b.artifacts().stream().map(a -> new ArtifactView(a.kind(), a.name(), a.sha256(), "/v1/artifacts/" + a.sha256())).toList());
  }

  @GetMapping(path = "/v1/builds/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  String log(@PathVariable("id") String id) {
    String log = find(id).log();
    return log == null ? "" : log;
  }

  private Build find(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("id", "Build id '" + id.replaceAll("[^\\w-]", "?") + "' is not a UUID.");
    }
    return builds.findById(uuid).orElseThrow(() -> new NotFoundException("build", "No build has id " + uuid + "."));
  }
}
