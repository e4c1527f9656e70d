package dev.bpfforge.service.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.build.BuildState;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.build.JobState;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The PostgreSQL job queue; all of its SQL is here. Workers claim in one statement
 * ({@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n) RETURNING}), so two
 * workers never get the same job and neither waits on the other's locks. Each claim bumps
 * {@code lease_version}; heartbeats and completions are conditional on it, and zero rows updated
 * means the job was lost to the reaper or to a cancel: logged, not thrown. A job is therefore never
 * completed twice, and never lost: an expired lease puts it back until its attempts run out.
 */
public class JobQueue {
  private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration lease;
  private final int maxRunningPerTenant;
  private final QueueListener listener;

  public JobQueue(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, Clock clock, Duration lease) {
    this(jdbc, tx, json, clock, lease, Integer.MAX_VALUE, QueueListener.NONE);
  }

  /** @param maxRunningPerTenant jobs of one tenant running at once; its other jobs wait while others' run */
  public JobQueue(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, Clock clock, Duration lease,
      int maxRunningPerTenant, QueueListener listener) {
    this.maxRunningPerTenant = maxRunningPerTenant;
    this.listener = listener;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
    this.lease = lease;
  }

  /**
   * Claims up to {@code limit} queued jobs of the given toolchains, oldest first, skipping jobs of
   * tenants that already run their quota of jobs, so one tenant's big build cannot hold every
   * worker. The count is read without locks: two workers claiming at the same moment may each let
   * one more through, a bounded overshoot that is cheaper than serialising claims.
   */
  public List<ClaimedJob> claim(String worker, Collection<String> toolchains, int limit) {
    if (toolchains.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<ClaimedJob> claimed = tx.execute(status -> jdbc.sql("""
            update jobs set state = 'RUNNING', worker = :worker, attempts = attempts + 1,
                   lease_version = lease_version + 1, lease_expires_at = :expires,
                   started_at = coalesce(started_at, :now)
             where id in (select j.id from jobs j join builds b on b.id = j.build_id
                           where j.state = 'QUEUED' and j.toolchain in (:toolchains)
                             and (select count(*) from jobs r join builds rb on rb.id = r.build_id
                                   where r.state = 'RUNNING' and rb.tenant = b.tenant) < :maxRunning
                           order by j.id
                           for update of j skip locked
                           limit :limit)
            returning id, build_id, target_index, toolchain, lease_version, attempts
            """)
        .param("worker", worker)
        .param("expires", Timestamp.from(now.plus(lease)))
        .param("now", Timestamp.from(now))
        .param("toolchains", toolchains)
        .param("limit", limit)
        .param("maxRunning", maxRunningPerTenant)
        .query((rs, n) -> new ClaimedJob(rs.getLong("id"), rs.getObject("build_id", UUID.class),
            rs.getInt("target_index"), rs.getString("toolchain"), rs.getLong("lease_version"), rs.getInt("attempts")))
        .list());
    claimed.stream().map(ClaimedJob::buildId).distinct().forEach(this::refreshBuildInNewTransaction);
    claimed.forEach(listener::claimed);
    return claimed;
  }

  /** Extends the lease; false if the job is no longer this holder's (expired, re-claimed, cancelled). */
  public boolean heartbeat(ClaimedJob job) {
    int updated = jdbc.sql("""
            update jobs set lease_expires_at = :expires
             where id = :id and lease_version = :version and state = 'RUNNING'
            """)
        .param("expires", Timestamp.from(clock.instant().plus(lease)))
        .param("id", job.jobId())
        .param("version", job.leaseVersion())
        .update();
    if (updated == 0) {
      log.warn("job {} lost its lease (version {}): heartbeat ignored", job.jobId(), job.leaseVersion());
    }
    return updated == 1;
  }

  /**
   * Records the outcome, its artifacts and (on success) the action cache entry, in one
   * transaction fenced by the lease. Returns false, changing nothing, if the lease was lost.
   */
  public boolean complete(ClaimedJob job, JobOutcome outcome) {
    Boolean done = tx.execute(status -> {
      int updated = jdbc.sql("""
              update jobs set state = :state, finished_at = :now, lease_expires_at = null,
                     failure_kind = :kind, failure = :failure, vmlinux_source = :vmlinux,
                     diagnostics = cast(:diagnostics as jsonb), log = :log
               where id = :id and lease_version = :version and state = 'RUNNING'
              """)
          .param("state", (outcome.succeeded() ? JobState.SUCCEEDED : JobState.FAILED).name())
          .param("now", Timestamp.from(clock.instant()))
          .param("kind", outcome.failureKind() == null ? null : outcome.failureKind().name())
          .param("failure", outcome.failure())
          .param("vmlinux", outcome.vmlinuxSource())
          .param("diagnostics", toJson(outcome.diagnostics()))
          .param("log", outcome.log())
          .param("id", job.jobId())
          .param("version", job.leaseVersion())
          .update();
      if (updated == 0) {
        return false;
      }
      for (JobArtifact artifact : outcome.artifacts()) {
        jdbc.sql("insert into job_artifacts (job_id, kind, name, sha256) values (:job, :kind, :name, :sha)")
            .param("job", job.jobId()).param("kind", artifact.kind()).param("name", artifact.name())
            .param("sha", artifact.sha256()).update();
      }
      if (outcome.succeeded()) {
        jdbc.sql("""
                insert into action_cache (action_key, job_id, created_at)
                select action_key, id, cast(:now as timestamptz) from jobs where id = :job
                on conflict (action_key) do update set job_id = excluded.job_id, created_at = excluded.created_at
                """)
            .param("job", job.jobId()).param("now", Timestamp.from(clock.instant())).update();
      }
      refreshBuild(job.buildId());
      return true;
    });
    if (!Boolean.TRUE.equals(done)) {
      log.warn("job {} lost its lease (version {}): its result was discarded", job.jobId(), job.leaseVersion());
      return false;
    }
    listener.completed(job, outcome);
    return true;
  }

  /**
   * Gives a job back without a result (the worker is stopping, or its executor broke): queued
   * again for another worker, or failed if it has used every attempt. Fenced like completion.
   */
  public boolean release(ClaimedJob job, String reason) {
    List<String> states = tx.execute(status -> {
      List<String> updated = jdbc.sql("""
              update jobs set
                     state = case when attempts >= max_attempts then 'FAILED' else 'QUEUED' end,
                     failure_kind = case when attempts >= max_attempts then 'EXECUTOR_ERROR' else failure_kind end,
                     failure = :reason,
                     finished_at = case when attempts >= max_attempts then cast(:now as timestamptz) else null end,
                     worker = null, lease_expires_at = null, lease_version = lease_version + 1
               where id = :id and lease_version = :version and state = 'RUNNING'
              returning state
              """)
          .param("reason", reason)
          .param("now", Timestamp.from(clock.instant()))
          .param("id", job.jobId())
          .param("version", job.leaseVersion())
          .query(String.class)
          .list();
      if (!updated.isEmpty()) {
        refreshBuild(job.buildId());
      }
      return updated;
    });
    if (states == null || states.isEmpty()) {
      return false;
    }
    listener.released(job, JobState.FAILED.name().equals(states.get(0)));
    return true;
  }

  /**
   * Puts jobs whose lease expired back in the queue, or fails them once they used every attempt.
   * Periodic work, but a plain method so tests drive it with their own clock.
   */
  public int reapExpired() {
    Instant now = clock.instant();
    List<ReapedJob> reaped = tx.execute(status -> {
      List<ReapedJob> touched = jdbc.sql("""
              update jobs set
                     state = case when attempts >= max_attempts then 'FAILED' else 'QUEUED' end,
                     failure_kind = case when attempts >= max_attempts then 'LEASE_EXPIRED' else failure_kind end,
                     failure = case when attempts >= max_attempts
                                    then 'the worker stopped answering on each of ' || attempts || ' attempts (last: ' || coalesce(worker, '?') || ')'
                                    else failure end,
                     finished_at = case when attempts >= max_attempts then cast(:now as timestamptz) else null end,
                     worker = null, lease_expires_at = null, lease_version = lease_version + 1
               where state = 'RUNNING' and lease_expires_at < :now
              returning build_id, toolchain, state
              """)
          .param("now", Timestamp.from(now))
          .query((rs, n) -> new ReapedJob(rs.getObject("build_id", UUID.class), rs.getString("toolchain"),
              JobState.FAILED.name().equals(rs.getString("state"))))
          .list();
      touched.stream().map(ReapedJob::buildId).distinct().forEach(this::refreshBuild);
      return touched;
    });
    if (!reaped.isEmpty()) {
      log.warn("reaped {} job(s) whose lease expired", reaped.size());
    }
    reaped.forEach(r -> listener.leaseExpired(r.toolchain(), r.failed()));
    return reaped.size();
  }

  /** Cancels every unfinished job of a build; a worker still running one loses its lease. */
  public int cancel(UUID buildId) {
    Integer cancelled = tx.execute(status -> {
      int n = jdbc.sql("""
              update jobs set state = 'CANCELLED', finished_at = :now, lease_expires_at = null,
                     lease_version = lease_version + 1
               where build_id = :build and state in ('QUEUED', 'RUNNING')
              """)
          .param("now", Timestamp.from(clock.instant()))
          .param("build", buildId)
          .update();
      refreshBuild(buildId);
      return n;
    });
    return cancelled == null ? 0 : cancelled;
  }

  /** How many queued jobs of the same toolchain are ahead of this one (0 = next). */
  public long queuePosition(long jobId) {
    return jdbc.sql("""
            select count(*) from jobs ahead, jobs me
             where me.id = :id and me.state = 'QUEUED' and ahead.state = 'QUEUED'
               and ahead.toolchain = me.toolchain and ahead.id < me.id
            """)
        .param("id", jobId)
        .query(Long.class)
        .single();
  }

  /** Queued jobs per toolchain: what autoscaling and metrics read. */
  public Map<String, Long> depthByToolchain() {
    return jdbc.sql("select toolchain, count(*) as n from jobs where state = 'QUEUED' group by toolchain")
        .query((rs, n) -> Map.entry(rs.getString("toolchain"), rs.getLong("n")))
        .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private record ReapedJob(UUID buildId, String toolchain, boolean failed) {}

  private void refreshBuildInNewTransaction(UUID buildId) {
    tx.executeWithoutResult(status -> refreshBuild(buildId));
  }

  /**
   * Derives the build's state from its jobs. The build row is locked first, so two jobs of one
   * build finishing at once serialize here and the second sees the first's committed state.
   */
  private void refreshBuild(UUID buildId) {
    jdbc.sql("select id from builds where id = :id for update").param("id", buildId).query(UUID.class).optional();
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    jdbc.sql("select state, count(*) as n from jobs where build_id = :id group by state")
        .param("id", buildId)
        .query((rs, n) -> Map.entry(JobState.valueOf(rs.getString("state")), rs.getLong("n")))
        .list()
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    BuildState state = BuildState.of(counts);
    jdbc.sql("""
            update builds set state = :state,
                   finished_at = case when cast(:finished as boolean) then coalesce(finished_at, cast(:now as timestamptz)) else null end
             where id = :id
            """)
        .param("state", state.name())
        .param("finished", state.isFinished())
        .param("now", Timestamp.from(clock.instant()))
        .param("id", buildId)
        .update();
  }

  private String toJson(Object value) {
    try {
      return value == null ? null : json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

}
