package dev.bpfforge.service.bundle;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.api.NotFoundException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.artifact.Downloads;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.security.Caller;
import java.util.UUID;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * What a fleet fetches without knowing build ids: "{name} {version} for my kernel". A version
 * label resolves to the newest build with that name and label whose target for the kernel
 * succeeded; {@code latest} to the newest such build of any label. Builds that are still running
 * are not considered, and a PARTIAL build counts for the targets it did build.
 */
@RestController
class ReleaseController {
  static final String LATEST = "latest";

  private final JdbcClient jdbc;
  private final BuildFilesReader reader;
  private final ArtifactStore artifacts;

  ReleaseController(JdbcClient jdbc, BuildFilesReader reader, ArtifactStore artifacts) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.artifacts = artifacts;
  }

  @GetMapping("/v1/releases/{name}/{version}/{release}/{arch}/{file}")
  ResponseEntity<Resource> file(@PathVariable("name") String name, @PathVariable("version") String version,
      @PathVariable("release") String release, @PathVariable("arch") String arch, @PathVariable("file") String fileName,
      ServletWebRequest request, Caller caller) {
    KernelRelease kernel = KernelRelease.parse(release);
    Arch kernelArch = Arch.parse(arch);
    UUID buildId = newestBuild(caller.tenant(), name, version, kernel, kernelArch).orElseThrow(() -> new NotFoundException("release",
        "No finished build named '" + printable(name) + "'" + (version.equals(LATEST) ? "" : " with version '" + printable(version) + "'")
            + " succeeded for kernel " + kernel.value() + " (" + kernelArch.id() + "); see GET /v1/builds?name=" + printable(name) + "."));
    Build build = reader.build(buildId.toString(), caller.tenant());
    BuildFiles files = reader.read(build);
    BuildFiles.File file = TargetFiles.file(files, TargetFiles.target(files, kernel.value(), kernelArch.id()), fileName);
    // The same URL serves a newer build's bytes once one lands: caches revalidate (the ETag is the file's digest).
    return TargetFiles.download(artifacts, build.id(), file, Downloads.REVALIDATE, request);
  }

  /** A tenant's releases only: another tenant's build of the same name is not this fleet's program. */
  private java.util.Optional<UUID> newestBuild(String tenant, String name, String version, KernelRelease release, Arch arch) {
    return jdbc.sql("""
            select b.id from builds b
              join jobs j on j.build_id = b.id
              join kernels k on k.id = j.kernel_id
             where b.tenant = :tenant and b.name = :name and (:latest or b.version = :version)
               and b.state in ('SUCCEEDED', 'PARTIAL') and j.state = 'SUCCEEDED'
               and k.release = :release and k.arch = :arch
             order by b.created_at desc, b.id
             limit 1""")
        .param("tenant", tenant)
        .param("name", name)
        .param("latest", version.equals(LATEST))
        .param("version", version)
        .param("release", release.value())
        .param("arch", arch.id())
        .query(UUID.class)
        .optional();
  }

  private static String printable(String value) {
    return value.replaceAll("[^\\w.+~-]", "?");
  }
}
