package dev.bpfforge.service.build;

import dev.bpfforge.service.executor.Diagnostic;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One compile of one source tree for one kernel, and what came of it. */
@Entity
@Table(name = "builds")
public class Build {
  @Id private UUID id;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private BuildState state;

  @Column(nullable = false, length = 1024)
  private String entry;

  @Column(name = "kernel_id", nullable = false)
  private Long kernelId;

  @Column(nullable = false, length = 64)
  private String toolchain;

  @Column(nullable = false, length = 4)
  private String mcpu;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "jsonb")
  private Map<String, Object> options;

  @Column(name = "source_sha256", nullable = false, length = 64)
  private String sourceSha256;

  @Column(name = "action_key", nullable = false, length = 64)
  private String actionKey;

  @Column(name = "cache_hit", nullable = false)
  private boolean cacheHit;

  @Column(name = "vmlinux_source", length = 16)
  private String vmlinuxSource;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  private List<Diagnostic> diagnostics;

  @Column(columnDefinition = "text")
  private String log;

  @OneToMany(mappedBy = "build", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
  private List<BuildArtifact> artifacts = new ArrayList<>();

  protected Build() {}

  public Build(UUID id, Instant createdAt, String entry, Long kernelId, String toolchain, String mcpu,
      Map<String, Object> options, String sourceSha256, String actionKey) {
    this.id = id;
    this.createdAt = createdAt;
    this.state = BuildState.RUNNING;
    this.entry = entry;
    this.kernelId = kernelId;
    this.toolchain = toolchain;
    this.mcpu = mcpu;
    this.options = options;
    this.sourceSha256 = sourceSha256;
    this.actionKey = actionKey;
  }

  public void succeed(Instant at, boolean cacheHit, String vmlinuxSource, List<Diagnostic> diagnostics, String log) {
    this.state = BuildState.SUCCEEDED;
    this.finishedAt = at;
    this.cacheHit = cacheHit;
    this.vmlinuxSource = vmlinuxSource;
    this.diagnostics = diagnostics;
    this.log = log;
  }

  public void fail(Instant at, String vmlinuxSource, List<Diagnostic> diagnostics, String log) {
    this.state = BuildState.FAILED;
    this.finishedAt = at;
    this.vmlinuxSource = vmlinuxSource;
    this.diagnostics = diagnostics;
    this.log = log;
  }

  public void addArtifact(String kind, String name, String sha256) {
    artifacts.add(new BuildArtifact(this, kind, name, sha256));
  }

  public UUID id() { return id; }
  public Instant createdAt() { return createdAt; }
  public Instant finishedAt() { return finishedAt; }
  public BuildState state() { return state; }
  public String entry() { return entry; }
  public Long kernelId() { return kernelId; }
  public String toolchain() { return toolchain; }
  public String mcpu() { return mcpu; }
  public Map<String, Object> options() { return options; }
  public String sourceSha256() { return sourceSha256; }
  public String actionKey() { return actionKey; }
  public boolean cacheHit() { return cacheHit; }
  public String vmlinuxSource() { return vmlinuxSource; }
  public List<Diagnostic> diagnostics() { return diagnostics == null ? List.of() : diagnostics; }
  public String log() { return log; }
  public List<BuildArtifact> artifacts() { return List.copyOf(artifacts); }
}
