package dev.bpfforge.service.bundle;

import dev.bpfforge.service.artifact.ArtifactStore;
import dev.bpfforge.service.artifact.Downloads;
import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.security.Caller;
import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.Toolchains;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * What CI and target hosts fetch from a build: the whole per-kernel tree in one archive, or one
 * file of one target (so a host can {@code curl} exactly its own object by {@code uname -r}).
 */
@RestController
class BundleController {
  private final BuildFilesReader reader;
  private final ArtifactStore artifacts;
  private final BundleCache cache;
  private final Toolchains toolchains;

  BundleController(BuildFilesReader reader, ArtifactStore artifacts, BundleCache cache, Toolchains toolchains) {
    this.reader = reader;
    this.artifacts = artifacts;
    this.cache = cache;
    this.toolchains = toolchains;
  }

  /**
   * {@code <release>/<arch>/<file>} for every file of every target that succeeded, and
   * {@code manifest.json} at the top; answered once the whole build has finished.
   */
  @GetMapping("/v1/builds/{id}/bundle")
  ResponseEntity<Resource> bundle(@PathVariable("id") String id,
      @RequestParam(name = "format", defaultValue = "tar.gz") String rawFormat, ServletWebRequest request, Caller caller)
      throws IOException {
    BundleFormat format = BundleFormat.parse(rawFormat);
    Build build = reader.build(id, caller.tenant());
    if (!build.state().isFinished()) {
      throw new BuildNotFinishedException(build.id(), "Build " + build.id());
    }
    BundleCache.Cached bundle = cache.get(build.id(), format, out -> BundleWriter.write(format, entries(reader.read(build)), out));
    String etag = Downloads.etag(bundle.sha256().hex());
    if (Downloads.notModified(request, etag, Downloads.IMMUTABLE)) {
      request.getResponse().setHeader("X-BpfForge-Build", build.id().toString());
      return null;
    }
    String fileName = (build.name() == null ? "bpfforge-" + build.id() : build.name() + (build.version() == null ? "" : "-" + build.version()))
        + "." + format.extension();
    return Downloads.file(etag, Downloads.IMMUTABLE, format.mediaType(),
            ContentDisposition.attachment().filename(fileName).build())
        .header("X-BpfForge-Build", build.id().toString())
        .body(new FileSystemResource(bundle.file()));
  }

  @GetMapping("/v1/builds/{id}/artifacts/{release}/{arch}/{file}")
  ResponseEntity<Resource> file(@PathVariable("id") String id, @PathVariable("release") String release,
      @PathVariable("arch") String arch, @PathVariable("file") String name, ServletWebRequest request, Caller caller) {
    Build build = reader.build(id, caller.tenant());
    BuildFiles files = reader.read(build);
    BuildFiles.File file = TargetFiles.file(files, TargetFiles.target(files, release, arch), name);
    return TargetFiles.download(artifacts, build.id(), file, Downloads.IMMUTABLE, request);
  }

  private SortedMap<String, BundleWriter.Source> entries(BuildFiles files) {
    SortedMap<String, BundleWriter.Source> entries = new TreeMap<>();
    byte[] manifest = BundleManifest.of(files, this::toolchain);
    entries.put(BundleManifest.NAME, new BundleWriter.Source() {
      public InputStream open() {
        return new ByteArrayInputStream(manifest);
      }

      public long size() {
        return manifest.length;
      }
    });
    for (BuildFiles.Target target : files.targets()) {
      if (!target.succeeded()) {
        continue;
      }
      for (BuildFiles.File file : target.files()) {
        entries.put(target.directory() + file.name(), new BundleWriter.Source() {
          public InputStream open() throws IOException {
            return artifacts.resource(file.sha256(), file.name()).orElseThrow().getInputStream();
          }

          public long size() {
            return file.size();
          }
        });
      }
    }
    return entries;
  }

  private Optional<Toolchain> toolchain(String id) {
    return toolchains.all().stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
