package dev.bpfforge.service.bundle;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.service.api.NotFoundException;
import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.artifact.Downloads;
import java.util.UUID;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;

/** One file of one target of a build, as both per-file endpoints answer it. */
final class TargetFiles {
  private TargetFiles() {}

  static BuildFiles.Target target(BuildFiles files, String release, String arch) {
    KernelRelease wantedRelease = KernelRelease.parse(release);
    Arch wantedArch = Arch.parse(arch);
    UUID id = files.build().id();
    return files.targets().stream()
        .filter(t -> t.kernel().release().equals(wantedRelease) && t.kernel().arch() == wantedArch)
        .findFirst()
        .orElseThrow(() -> new NotFoundException("target", "Build " + id + " has no target " + wantedRelease.value()
            + " (" + wantedArch.id() + "); its targets: " + String.join(", ",
                files.targets().stream().map(t -> t.release() + " (" + t.arch() + ")").toList()) + "."));
  }

  /** The file, if the target succeeded; a target still running is a 409, one that failed has no files. */
  static BuildFiles.File file(BuildFiles files, BuildFiles.Target target, String name) {
    UUID id = files.build().id();
    String which = target.release() + " (" + target.arch() + ")";
    if (!target.job().state().isFinished()) {
      throw new BuildNotFinishedException(id, "Target " + which + " of build " + id);
    }
    if (!target.succeeded()) {
      throw new NotFoundException("artifact", "Target " + which + " of build " + id + " did not succeed ("
          + target.job().state() + (target.job().failure() == null ? "" : ": " + target.job().failure()) + "), so it has no files.");
    }
    return target.files().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new NotFoundException("artifact", "Target " + which + " of build " + id + " has no file '"
            + name.replaceAll("[^\\w.+~-]", "?") + "'; it has " + String.join(", ", target.files().stream().map(BuildFiles.File::name).toList()) + "."));
  }

  /** The file with its digest as ETag; null when {@code If-None-Match} made the response a 304. */
  static ResponseEntity<Resource> download(ArtifactStore artifacts, UUID build, BuildFiles.File file, CacheControl cache,
      ServletWebRequest request) {
    if (Downloads.notModified(request, Downloads.etag(file.sha256().hex()), cache)) {
      request.getResponse().setHeader("X-BpfForge-Build", build.toString());
      return null;
    }
    Resource body = artifacts.resource(file.sha256(), file.name())
        .orElseThrow(() -> new IllegalStateException("artifact " + file.sha256() + " has no row"));
    return Downloads.file(Downloads.etag(file.sha256().hex()), cache, org.springframework.http.MediaType.APPLICATION_OCTET_STREAM,
            org.springframework.http.ContentDisposition.attachment().filename(file.name()).build())
        .header("X-BpfForge-Build", build.toString())
        .body(body);
  }
}
