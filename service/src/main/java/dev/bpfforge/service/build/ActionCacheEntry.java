package dev.bpfforge.service.build;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An action key (digest of every compile input) and the build whose artifacts answer it. */
@Entity
@Table(name = "action_cache")
public class ActionCacheEntry {
  @Id
  @Column(name = "action_key", length = 64)
  private String actionKey;

  @Column(name = "build_id", nullable = false)
  private UUID buildId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ActionCacheEntry() {}

  public ActionCacheEntry(String actionKey, UUID buildId, Instant createdAt) {
    this.actionKey = actionKey;
    this.buildId = buildId;
    this.createdAt = createdAt;
  }

  public UUID buildId() { return buildId; }
}
