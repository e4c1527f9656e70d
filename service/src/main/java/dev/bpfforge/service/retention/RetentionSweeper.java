package dev.bpfforge.service.retention;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.artifact.BlobStore;
import dev.bpfforge.service.bundle.BundleCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Collects what is old or unreferenced, in four steps: finished builds older than the retention
 * age (their jobs, logs, artifact links and action cache entries go with them by cascade); then
 * artifact rows nothing refers to, with their bytes; then blobs with no row at all (interrupted
 * writes, deleted kernels); then this replica's cached bundles of builds that are gone. Anything younger than the blob grace stays, referenced or not: a
 * build stores its sources and a worker its object before the rows naming them are written.
 * A plain method, so tests call it with their own clock; several replicas may run it at once
 * (every statement is idempotent).
 */
public class RetentionSweeper {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
  private static final int BATCH = 500;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final BlobStore blobs;
  private final BundleCache bundles;
  private final Clock clock;
  private final Duration buildsOlderThan;
  private final Duration blobGrace;

  public RetentionSweeper(JdbcClient jdbc, TransactionTemplate tx, BlobStore blobs, BundleCache bundles, Clock clock,
      Duration buildsOlderThan, Duration blobGrace) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.blobs = blobs;
    this.bundles = bundles;
    this.clock = clock;
    this.buildsOlderThan = buildsOlderThan;
    this.blobGrace = blobGrace;
  }

  /** What one sweep removed. */
  public record Report(int builds, int artifacts, int orphanBlobs, int bundles) {}

  public Report sweep() {
    Instant now = clock.instant();
    int builds = deleteFinishedBuilds(now.minus(buildsOlderThan));
    int artifacts = deleteUnreferencedArtifacts(now.minus(blobGrace));
    int orphans = deleteOrphanBlobs(now.minus(blobGrace));
    int cachedBundles = evictBundlesOfGoneBuilds(now.minus(blobGrace));
    Report report = new Report(builds, artifacts, orphans, cachedBundles);
    if (builds + artifacts + orphans + cachedBundles > 0) {
      log.info("retention removed {} build(s) finished before {}, {} unreferenced artifact(s), {} orphan blob(s), {} cached bundle(s)",
          builds, now.minus(buildsOlderThan), artifacts, orphans, cachedBundles);
    }
    return report;
  }

  /** Only finished builds: one still queued or running is someone's work in progress, however old. */
  private int deleteFinishedBuilds(Instant cutoff) {
    int total = 0;
    int deleted;
    do {
      deleted = jdbc.sql("""
              delete from builds where id in (select id from builds where finished_at < :cutoff limit :batch)
              """)
          .param("cutoff", Timestamp.from(cutoff)).param("batch", BATCH).update();
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  /**
   * Rows and bytes go in one transaction that holds the rows' locks until the bytes are gone.
   * ArtifactStore#store touches a row before it writes the bytes: so a store racing this sweep
   * either made the row young first (and the sweep skips it), or waits for the sweep to commit,
   * finds the bytes gone and writes them again. A blob that fails to delete leaves an
   * unreferenced row naming missing bytes: harmless (nothing reads through an unreferenced row,
   * and a new store rewrites the bytes) and collected by the next sweep.
   */
  private int deleteUnreferencedArtifacts(Instant cutoff) {
    int total = 0;
    int deleted;
    do {
      Integer batch = tx.execute(status -> {
        List<String> gone = jdbc.sql("""
                delete from artifacts where sha256 in (
                  select a.sha256 from artifacts a
                   where a.created_at < :cutoff
                     and not exists (select 1 from job_artifacts ja where ja.sha256 = a.sha256)
                     and not exists (select 1 from builds b where b.sources_blob = a.sha256)
                     and not exists (select 1 from kernels k where k.btf_sha256 = a.sha256)
                   limit :batch
                   for update skip locked)
                returning sha256
                """)
            .param("cutoff", Timestamp.from(cutoff)).param("batch", BATCH)
            .query(String.class).list();
        for (String sha : gone) {
          deleteBlob(Sha256.parse(sha));
        }
        return gone.size();
      });
      deleted = batch == null ? 0 : batch;
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  /** Blobs older than the grace that no artifact row or kernel names, checked a batch at a time. */
  private int deleteOrphanBlobs(Instant cutoff) {
    int deleted = 0;
    try (Stream<BlobStore.StoredBlob> listed = blobs.list()) {
      Iterator<BlobStore.StoredBlob> old = listed.filter(b -> b.modified().isBefore(cutoff)).iterator();
      List<String> batch = new ArrayList<>();
      while (old.hasNext()) {
        batch.add(old.next().digest().hex());
        if (batch.size() == BATCH || !old.hasNext()) {
          Set<String> referenced = new HashSet<>(jdbc.sql("""
                  select sha256 from artifacts where sha256 in (:batch)
                  union select btf_sha256 from kernels where btf_sha256 in (:batch)
                  """)
              .param("batch", batch).query(String.class).list());
          for (String sha : batch) {
            if (!referenced.contains(sha)) {
              deleteBlob(Sha256.parse(sha));
              deleted++;
            }
          }
          batch.clear();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing blobs for retention", e);
    }
    return deleted;
  }

  private int evictBundlesOfGoneBuilds(Instant incompleteBefore) {
    try {
      return bundles.evictGoneBuilds(ids -> new HashSet<>(jdbc.sql("select id from builds where id in (:ids)")
          .param("ids", ids).query(UUID.class).list()), incompleteBefore);
    } catch (IOException e) {
      throw new UncheckedIOException("sweeping the bundle cache", e);
    }
  }

  private void deleteBlob(Sha256 digest) {
    try {
      blobs.delete(digest);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting blob " + digest, e);
    }
  }
}
