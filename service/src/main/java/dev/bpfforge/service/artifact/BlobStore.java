package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Content-addressed byte storage: a blob's key is the SHA-256 of its bytes, so a write is
 * idempotent and a read can be verified. Implementations must never expose a partially written
 * blob under its key.
 */
public interface BlobStore {
  /** Stores {@code content}, which must hash to {@code expected}; storing an existing blob is a no-op. */
  void put(Sha256 expected, byte[] content) throws IOException;

  /** Stores {@code content} under its digest and returns it. */
  default Sha256 put(byte[] content) throws IOException {
    Sha256 digest = Sha256.of(content);
    put(digest, content);
    return digest;
  }

  boolean contains(Sha256 digest) throws IOException;

  /** Opens a stored blob; {@link BlobNotFoundException} if there is none. */
  InputStream open(Sha256 digest) throws IOException;

  /** A stored blob and when it was last written or stored again (the retention grace counts from it). */
  record StoredBlob(Sha256 digest, Instant modified) {}

  /**
   * Every stored blob, for the retention sweep; close the stream. Storing an existing blob again
   * refreshes its {@code modified}, so a blob just re-stored, not yet referenced, looks young.
   */
  Stream<StoredBlob> list() throws IOException;

  /** Removes a blob; removing one that is not there is a no-op. */
  void delete(Sha256 digest) throws IOException;

  default byte[] read(Sha256 digest) throws IOException {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    }
  }
}
