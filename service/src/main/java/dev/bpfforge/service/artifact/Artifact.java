package dev.bpfforge.service.artifact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored artifact's metadata; its bytes are in the blob store under {@link #sha256()}. */
@Entity
@Table(name = "artifacts")
public class Artifact {
  @Id
  @Column(name = "sha256", length = 64)
  private String sha256;

  @Column(nullable = false)
  private long size;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Artifact() {}

  public Artifact(String sha256, long size, Instant createdAt) {
    this.sha256 = sha256;
    this.size = size;
    this.createdAt = createdAt;
  }

  public String sha256() {
    return sha256;
  }

  public long size() {
    return size;
  }
}
