package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.NotFoundException;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/** Artifacts by digest: immutable, so clients and proxies may cache them for good. */
@RestController
class ArtifactController {
  private final ArtifactStore store;

  ArtifactController(ArtifactStore store) {
    this.store = store;
  }

  @GetMapping("/v1/artifacts/{sha256}")
  ResponseEntity<Resource> get(@PathVariable("sha256") String digest, ServletWebRequest request) {
    Sha256 sha = Sha256.parse(digest);
    Resource artifact = store.resource(sha, sha.hex())
        .orElseThrow(() -> new NotFoundException("artifact", "No artifact has digest " + sha + "."));
    String etag = Downloads.etag(sha.hex());
    if (Downloads.notModified(request, etag, Downloads.IMMUTABLE)) {
      return null;
    }
    return Downloads.attachment(etag, Downloads.IMMUTABLE, artifact, sha.hex());
  }
}
