package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Artifacts: bytes into the blob store first, then the row, so a row never names missing bytes. */
@Component
public class ArtifactStore {
  private final BlobStore blobs;
  private final ArtifactRepository artifacts;
  private final Clock clock;

  ArtifactStore(BlobStore blobs, ArtifactRepository artifacts, Clock clock) {
    this.blobs = blobs;
    this.artifacts = artifacts;
    this.clock = clock;
  }

  @Transactional
  public Sha256 store(byte[] content) {
    try {
      Sha256 digest = blobs.put(content);
      if (!artifacts.existsById(digest.hex())) {
        artifacts.save(new Artifact(digest.hex(), content.length, clock.instant()));
      }
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException("storing artifact", e);
    }
  }

  public byte[] read(Sha256 digest) {
    try {
      return blobs.read(digest);
    } catch (IOException e) {
      throw new UncheckedIOException("reading artifact " + digest, e);
    }
  }

  public boolean exists(Sha256 digest) {
    return artifacts.existsById(digest.hex());
  }
}
