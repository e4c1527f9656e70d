package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.api.NotFoundException;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Artifacts by digest: immutable, so clients and proxies may cache them for good. */
@RestController
class ArtifactController {
  private final ArtifactStore store;

  ArtifactController(ArtifactStore store) {
    this.store = store;
  }

  @GetMapping("/v1/artifacts/{sha256}")
  ResponseEntity<byte[]> get(
      @PathVariable("sha256") String digest,
      @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
    Sha256 sha = Sha256.parse(digest);
    if (!store.exists(sha)) {
      throw new NotFoundException("artifact", "No artifact has digest " + sha + ".");
    }
    String etag = "\"" + sha.hex() + "\"";
    CacheControl immutable = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    if (etag.equals(ifNoneMatch)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(immutable).build();
    }
    return ResponseEntity.ok()
        .eTag(etag)
        .cacheControl(immutable)
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .body(store.read(sha));
  }
}
