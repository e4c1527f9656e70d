package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/**
 * A stored blob as a Spring {@code Resource} with a known length that can be opened again: what
 * Spring MVC needs to answer {@code Range} requests itself (it refuses an
 * {@code InputStreamResource}, which can be read once and has no length).
 */
final class BlobResource extends AbstractResource {
  private final BlobStore blobs;
  private final Sha256 digest;
  private final long size;
  private final String filename;

  BlobResource(BlobStore blobs, Sha256 digest, long size, String filename) {
    this.blobs = blobs;
    this.digest = digest;
    this.size = size;
    this.filename = filename;
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return blobs.open(digest);
  }

  @Override
  public long contentLength() {
    return size;
  }

  @Override
  public boolean exists() {
    return true;
  }

  @Override
  public String getFilename() {
    return filename;
  }

  @Override
  public String getDescription() {
    return "blob " + digest.hex();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlobResource b && b.digest.equals(digest) && java.util.Objects.equals(b.filename, filename);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }
}
