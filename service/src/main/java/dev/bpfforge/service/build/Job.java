package dev.bpfforge.service.build;

import dev.bpfforge.service.executor.Diagnostic;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One target of a build. Created through JPA (with its artifacts when the action cache answers
 * it); every later state change goes through {@code JobQueue}'s lease-fenced SQL.
 */
@Entity
@Table(name = "jobs")
public class Job {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "build_id", nullable = false)
  private UUID buildId;

  @Column(name = "target_index", nullable = false)
  private int targetIndex;

  @Column(name = "kernel_id", nullable = false)
  private Long kernelId;

  @Column(nullable = false, length = 64)
  private String toolchain;

  @Column(nullable = false, length = 4)
  private String mcpu;

  @Column(name = "action_key", nullable = false, length = 64)
  private String actionKey;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private JobState state;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "max_attempts", nullable = false)
  private int maxAttempts;

  @Column(length = 128)
  private String worker;

  @Column(name = "lease_version", nullable = false)
  private long leaseVersion;

  @Column(name = "lease_expires_at")
  private Instant leaseExpiresAt;

  @Column(name = "queued_at", nullable = false)
  private Instant queuedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "failure_kind", length = 32)
  private FailureKind failureKind;

  @Column(columnDefinition = "text")
  private String failure;

  @Column(name = "cache_hit", nullable = false)
  private boolean cacheHit;

  @Column(name = "vmlinux_source", length = 16)
  private String vmlinuxSource;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  private List<Diagnostic> diagnostics;

  @Column(columnDefinition = "text")
  private String log;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "job_artifacts", joinColumns = @JoinColumn(name = "job_id"))
  private List<JobArtifact> artifacts = new ArrayList<>();

  protected Job() {}

  public Job(UUID buildId, int targetIndex, Long kernelId, String toolchain, String mcpu, String actionKey,
      int maxAttempts, Instant queuedAt) {
    this.buildId = buildId;
    this.targetIndex = targetIndex;
    this.kernelId = kernelId;
    this.toolchain = toolchain;
    this.mcpu = mcpu;
    this.actionKey = actionKey;
    this.state = JobState.QUEUED;
    this.maxAttempts = maxAttempts;
    this.queuedAt = queuedAt;
  }

  /** Answers this job from an earlier job's results: finished at once, nothing queued. */
  public void completeFromCache(Job source, Instant at) {
    this.state = JobState.SUCCEEDED;
    this.cacheHit = true;
    this.startedAt = at;
    this.finishedAt = at;
    this.vmlinuxSource = source.vmlinuxSource;
    this.diagnostics = source.diagnostics;
    this.log = source.log;
    artifacts.addAll(source.artifacts);
  }

  public Long id() { return id; }
  public UUID buildId() { return buildId; }
  public int targetIndex() { return targetIndex; }
  public Long kernelId() { return kernelId; }
  public String toolchain() { return toolchain; }
  public String mcpu() { return mcpu; }
  public String actionKey() { return actionKey; }
  public JobState state() { return state; }
  public int attempts() { return attempts; }
  public String worker() { return worker; }
  public Instant queuedAt() { return queuedAt; }
  public Instant startedAt() { return startedAt; }
  public Instant finishedAt() { return finishedAt; }
  public FailureKind failureKind() { return failureKind; }
  public String failure() { return failure; }
  public boolean cacheHit() { return cacheHit; }
  public String vmlinuxSource() { return vmlinuxSource; }
  public List<Diagnostic> diagnostics() { return diagnostics == null ? List.of() : diagnostics; }
  public String log() { return log; }
  public List<JobArtifact> artifacts() { return List.copyOf(artifacts); }
}
