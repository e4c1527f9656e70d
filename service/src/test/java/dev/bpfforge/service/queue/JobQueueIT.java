package dev.bpfforge.service.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.build.FailureKind;
import dev.bpfforge.service.build.JobArtifact;
import dev.bpfforge.service.support.ServiceIT;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue's SQL against real PostgreSQL, driven directly with a clock the test moves: claims
 * are exclusive, leases fence every write, expired jobs come back, attempts run out.
 */
class JobQueueIT extends ServiceIT {
  static final Duration LEASE = Duration.ofSeconds(30);

  @Autowired JdbcClient sql;
  @Autowired TransactionTemplate tx;
  @Autowired ObjectMapper json;

  MutableClock clock;
  JobQueue queue;
  String toolchain;
  long kernelId;

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2030-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override public Instant instant() { return now; }
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
  }

  @BeforeEach
  void freshToolchain() {
    clock = new MutableClock();
    queue = new JobQueue(sql, tx, json, clock, LEASE);
    // A toolchain name of its own keeps these jobs away from the service's real workers.
    toolchain = "test-" + UUID.randomUUID().toString().substring(0, 8);
    kernelId = sql.sql("""
            insert into kernels (release, arch, btf_sha256, btf_size, type_count, source_format, uploaded_at)
            values (:r, 'x86_64', :sha, 1, 1, 'test', now()) returning id
            """)
        .param("r", "9.9.9-" + toolchain).param("sha", "0".repeat(64)).query(Long.class).single();
  }

  private UUID buildWithJobs(int n, int maxAttempts) {
    UUID build = UUID.randomUUID();
    sql.sql("""
            insert into builds (id, created_at, state, entry, source_sha256, sources_blob, options)
            values (:id, now(), 'QUEUED', 'bpf.c', :sha, :sha, '{}'::jsonb)
            """).param("id", build).param("sha", "1".repeat(64)).update();
    for (int i = 0; i < n; i++) {
      sql.sql("""
              insert into jobs (build_id, target_index, kernel_id, toolchain, mcpu, action_key, state, max_attempts, queued_at)
              values (:b, :i, :k, :t, 'v3', :key, 'QUEUED', :max, :now)
              """)
          .param("b", build).param("i", i).param("k", kernelId).param("t", toolchain)
          .param("key", UUID.randomUUID().toString().replace("-", "") + "0".repeat(32)).param("max", maxAttempts)
          .param("now", Timestamp.from(clock.instant())).update();
    }
    return build;
  }

  private String state(long jobId) {
    return sql.sql("select state from jobs where id = :id").param("id", jobId).query(String.class).single();
  }

  private String buildState(UUID id) {
    return sql.sql("select state from builds where id = :id").param("id", id).query(String.class).single();
  }

  private static JobOutcome ok() {
    return JobOutcome.success("target", List.of(), "log", List.of());
  }

  @Test
  void concurrentClaimsNeverShareAJob() throws Exception {
    buildWithJobs(40, 3);
    ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<ClaimedJob>>> results = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      Callable<List<ClaimedJob>> claimAll = () -> {
        start.await();
        List<ClaimedJob> mine = new ArrayList<>();
        List<ClaimedJob> batch;
        while (!(batch = queue.claim(worker, Set.of(toolchain), 3)).isEmpty()) {
          mine.addAll(batch);
        }
        return mine;
      };
      results.add(pool.submit(claimAll));
    }
    start.countDown();
    Set<Long> seen = new HashSet<>();
    int total = 0;
    for (Future<List<ClaimedJob>> f : results) {
      for (ClaimedJob job : f.get()) {
        total++;
        seen.add(job.jobId());
      }
    }
    pool.shutdown();
    assertThat(total).isEqualTo(40);
    assertThat(seen).hasSize(40);
  }

  @Test
  void claimTakesOnlyJobsOfTheToolchainsHeld() {
    buildWithJobs(2, 3);
    assertThat(queue.claim("w", Set.of("some-other-toolchain"), 5)).isEmpty();
    assertThat(queue.claim("w", Set.of(toolchain), 5)).hasSize(2);
  }

  @Test
  void expiredLeaseRequeuesAndTheFirstHolderCanNoLongerComplete() {
    UUID build = buildWithJobs(1, 3);
    ClaimedJob first = queue.claim("a", Set.of(toolchain), 1).get(0);
    assertThat(buildState(build)).isEqualTo("RUNNING");
    clock.advance(LEASE.plusSeconds(1));
    assertThat(queue.reapExpired()).isGreaterThanOrEqualTo(1);
    assertThat(state(first.jobId())).isEqualTo("QUEUED");

    ClaimedJob second = queue.claim("b", Set.of(toolchain), 1).get(0);
    assertThat(second.jobId()).isEqualTo(first.jobId());
    assertThat(second.leaseVersion()).isGreaterThan(first.leaseVersion());
    assertThat(second.attempt()).isEqualTo(2);

    assertThat(queue.heartbeat(first)).isFalse();
    assertThat(queue.complete(first, ok())).isFalse();
    assertThat(queue.complete(second, ok())).isTrue();
    assertThat(queue.complete(second, ok())).as("a job completes once").isFalse();
    assertThat(state(second.jobId())).isEqualTo("SUCCEEDED");
    assertThat(buildState(build)).isEqualTo("SUCCEEDED");
    assertThat(sql.sql("select worker from jobs where id = :id").param("id", second.jobId()).query(String.class).single()).isEqualTo("b");
  }

  @Test
  void heartbeatKeepsTheLeaseAlive() {
    buildWithJobs(1, 3);
    ClaimedJob job = queue.claim("a", Set.of(toolchain), 1).get(0);
    for (int i = 0; i < 5; i++) {
      clock.advance(LEASE.dividedBy(2));
      assertThat(queue.heartbeat(job)).isTrue();
      queue.reapExpired();
    }
    assertThat(state(job.jobId())).isEqualTo("RUNNING");
  }

  @Test
  void jobFailsWithTheReasonOnceItsAttemptsRunOut() {
    UUID build = buildWithJobs(1, 2);
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThat(queue.claim("crashy", Set.of(toolchain), 1)).hasSize(1);
      clock.advance(LEASE.plusSeconds(1));
      queue.reapExpired();
    }
    assertThat(queue.claim("w", Set.of(toolchain), 1)).isEmpty();
    var row = sql.sql("select state, failure_kind, failure from jobs where build_id = :b").param("b", build).query().singleRow();
    assertThat(row.get("state")).isEqualTo("FAILED");
    assertThat(row.get("failure_kind")).isEqualTo(FailureKind.LEASE_EXPIRED.name());
    assertThat((String) row.get("failure")).contains("2 attempts", "crashy");
    assertThat(buildState(build)).isEqualTo("FAILED");
  }

  @Test
  void cancelFencesTheRunningWorkerAndMixedOutcomesArePartial() {
    UUID cancelled = buildWithJobs(2, 3);
    ClaimedJob running = queue.claim("a", Set.of(toolchain), 1).get(0);
    assertThat(queue.cancel(cancelled)).isEqualTo(2);
    assertThat(queue.complete(running, ok())).isFalse();
    assertThat(buildState(cancelled)).isEqualTo("CANCELLED");

    UUID partial = buildWithJobs(2, 3);
    List<ClaimedJob> both = queue.claim("a", Set.of(toolchain), 2);
    queue.complete(both.get(0), ok());
    queue.complete(both.get(1), JobOutcome.failure(FailureKind.COMPILE_ERROR, "1 error", "target", List.of(), "log"));
    assertThat(buildState(partial)).isEqualTo("PARTIAL");
  }

  @Test
  void releasedJobGoesBackToTheQueue() {
    buildWithJobs(1, 3);
    ClaimedJob job = queue.claim("a", Set.of(toolchain), 1).get(0);
    assertThat(queue.release(job, "stopping")).isTrue();
    assertThat(state(job.jobId())).isEqualTo("QUEUED");
    assertThat(queue.claim("b", Set.of(toolchain), 1)).hasSize(1);
  }

  @Test
  void queuePositionCountsJobsAheadOfTheSameToolchain() {
    UUID build = buildWithJobs(3, 3);
    List<Long> ids = sql.sql("select id from jobs where build_id = :b order by id").param("b", build).query(Long.class).list();
    assertThat(queue.queuePosition(ids.get(0))).isZero();
    assertThat(queue.queuePosition(ids.get(2))).isEqualTo(2);
    assertThat(queue.depthByToolchain()).containsEntry(toolchain, 3L);
  }

  @Test
  void successfulCompletionRecordsArtifactsAndTheActionCache() {
    buildWithJobs(1, 3);
    String sha = "ab".repeat(32);
    sql.sql("insert into artifacts (sha256, size, created_at) values (:s, 1, now()) on conflict do nothing").param("s", sha).update();
    ClaimedJob job = queue.claim("a", Set.of(toolchain), 1).get(0);
    assertThat(queue.complete(job, JobOutcome.success("target", List.of(), "log", List.of(new JobArtifact("o", "x.o", sha))))).isTrue();
    assertThat(sql.sql("select count(*) from job_artifacts where job_id = :j").param("j", job.jobId()).query(Long.class).single()).isEqualTo(1);
    assertThat(sql.sql("select count(*) from action_cache where job_id = :j").param("j", job.jobId()).query(Long.class).single()).isEqualTo(1);
  }
}
