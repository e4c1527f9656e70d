package dev.bpfforge.service.build;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One source tree with its options, compiled for one or more targets ({@link Job}s). Its state
 * is maintained by the queue from its jobs' states; JPA writes it only when the build is created.
 */
@Entity
@Table(name = "builds")
public class Build {
  @Id private UUID id;

  /** The tenant whose token submitted it; no other tenant sees it. */
  @Column(nullable = false, length = 64)
  private String tenant;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private BuildState state;

  @Column(length = 128)
  private String name;

  @Column(length = 128)
  private String version;

  @Column(nullable = false, length = 1024)
  private String entry;

  @Column(name = "source_sha256", nullable = false, length = 64)
  private String sourceSha256;

  @Column(name = "sources_blob", nullable = false, length = 64)
  private String sourcesBlob;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "jsonb")
  private Map<String, Object> options;

  protected Build() {}

  public Build(UUID id, String tenant, Instant createdAt, BuildState state, String name, String version, String entry,
      String sourceSha256, String sourcesBlob, Map<String, Object> options) {
    this.id = id;
    this.tenant = tenant;
    this.createdAt = createdAt;
    this.state = state;
    this.finishedAt = state.isFinished() ? createdAt : null;
    this.name = name;
    this.version = version;
    this.entry = entry;
    this.sourceSha256 = sourceSha256;
    this.sourcesBlob = sourcesBlob;
    this.options = options;
  }

  public UUID id() { return id; }
  public String tenant() { return tenant; }
  public Instant createdAt() { return createdAt; }
  public Instant finishedAt() { return finishedAt; }
  public BuildState state() { return state; }
  public String name() { return name; }
  public String version() { return version; }
  public String entry() { return entry; }
  public String sourceSha256() { return sourceSha256; }
  public String sourcesBlob() { return sourcesBlob; }
  public Map<String, Object> options() { return options; }
}
