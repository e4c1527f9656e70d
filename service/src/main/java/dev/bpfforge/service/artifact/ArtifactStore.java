package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.stereotype.Component;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Artifacts: bytes into the blob store first, then the row, so a row never names missing bytes. */
@Component
public class ArtifactStore {
  private final BlobStore blobs;
  private final ArtifactRepository artifacts;
  private final JdbcClient jdbc;
  private final Clock clock;

  ArtifactStore(BlobStore blobs, ArtifactRepository artifacts, JdbcClient jdbc, Clock clock) {
    this.blobs = blobs;
    this.artifacts = artifacts;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Sha256 store(byte[] content) {
    try {
      Sha256 digest = Sha256.of(content);
      Timestamp now = Timestamp.from(clock.instant());
      // Touch the row before writing the bytes: a retention sweep collecting this digest holds the
      // row's lock until the bytes are gone, so either this makes the row young first (the sweep
      // skips it) or it waits here, and the put below writes the bytes again. See RetentionSweeper.
      jdbc.sql("update artifacts set created_at = :at where sha256 = :sha").param("at", now).param("sha", digest.hex()).update();
      blobs.put(digest, content);
      // Two workers often produce the same bytes at once (the same object for two kernels with
      // one BTF): the row is content-addressed too, so the second insert only refreshes its age.
      jdbc.sql("insert into artifacts (sha256, size, created_at) values (:sha, :size, :at)"
              + " on conflict (sha256) do update set created_at = excluded.created_at")
          .param("sha", digest.hex()).param("size", content.length).param("at", now)
          .update();
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

  /** The stored size of each of these artifacts, by digest; a digest with no row is left out. */
  public java.util.Map<Sha256, Long> sizes(java.util.Collection<Sha256> digests) {
    java.util.Map<Sha256, Long> sizes = new java.util.HashMap<>();
    artifacts.findAllById(digests.stream().map(Sha256::hex).toList())
        .forEach(a -> sizes.put(Sha256.parse(a.sha256()), a.size()));
    return sizes;
  }

  /** An artifact as a downloadable resource named {@code filename}, if it is stored. */
  public java.util.Optional<org.springframework.core.io.Resource> resource(Sha256 digest, String filename) {
    return artifacts.findById(digest.hex()).map(a -> new BlobResource(blobs, digest, a.size(), filename));
  }
}
