package dev.bpfforge.service.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything configurable under {@code bpfforge.*}.
 *
 * @param dataDir where the embedded database, the blob store and caches live ({@code BPFFORGE_DATA_DIR})
 * @param registerHostKernel add this machine's kernel from /sys/kernel/btf/vmlinux at start-up
 * @param limits bounds on what one request may send or make
 * @param sandbox how each compile tool is confined
 * @param queue the job queue's leases, attempts and polling
 * @param worker the workers this process runs
 * @param compile the synchronous compile endpoint
 * @param retention how long builds are kept, and the collection of unreferenced blobs
 */
@ConfigurationProperties("bpfforge")
public record BpfForgeProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("true") boolean registerHostKernel,
    @DefaultValue Limits limits,
    @DefaultValue Sandbox sandbox,
    @DefaultValue Queue queue,
    @DefaultValue Worker worker,
    @DefaultValue Compile compile,
    @DefaultValue Retention retention) {

  /**
   * @param enabled collect old builds and unreferenced blobs on a schedule
   * @param buildsOlderThan finished builds older than this are deleted with their jobs, logs and artifacts
   * @param every how often the sweep runs (first one this long after start-up)
   * @param blobGrace blobs and artifact rows younger than this are never collected, referenced or not
   *     (a build stores its bytes before the rows that name them)
   */
  public record Retention(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("30d") Duration buildsOlderThan,
      @DefaultValue("1h") Duration every,
      @DefaultValue("1h") Duration blobGrace) {}

  /**
   * @param lease how long a claimed job stays a worker's without a heartbeat
   * @param heartbeat how often a worker renews its lease (well under {@code lease})
   * @param maxAttempts claims of one job before it fails (a worker dying mid-job uses one)
   * @param maxTargets kernels one build may name
   * @param idlePoll how long an idle worker waits before looking for work again
   * @param reapEvery how often expired leases are put back in the queue
   */
  public record Queue(
      @DefaultValue("60s") Duration lease,
      @DefaultValue("15s") Duration heartbeat,
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("64") int maxTargets,
      @DefaultValue("1s") Duration idlePoll,
      @DefaultValue("10s") Duration reapEvery) {}

  /**
   * @param enabled run workers in this process (the embedded default does; an API-only replica does not)
   * @param concurrency worker threads, each running one job at a time
   * @param name prefix of this process's worker ids (recorded on each job)
   * @param shutdownGrace how long a stopping worker lets its running job finish before releasing it
   *     to the queue (unset: the sandbox timeout plus 10 s)
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("2") int concurrency,
      @DefaultValue("") String name,
      Duration shutdownGrace) {}

  /**
   * @param maxWait how long POST /v1/compile waits for its build before answering 504 with the build id
   * @param waitPoll how often one query checks every waiting request's job or build, however many wait
   */
  public record Compile(@DefaultValue("10m") Duration maxWait, @DefaultValue("50ms") Duration waitPoll) {}

  /**
   * @param maxKernelUpload compressed size of one BTF upload
   * @param maxKernelBtf decompressed size of one kernel's BTF
   * @param maxSourceBytes total size of a source tree, after decompressing a bundle
   * @param maxFiles files in one source tree
   * @param maxPathDepth directory depth of a source path
   * @param maxArtifact size of one artifact a tool may write
   * @param maxLog size of the tool output kept and returned
   * @param diskHighWater past this, new builds and uploads answer 507: a share of the data dir's
   *     file system used ({@code 90%}) or the space to keep free ({@code 2GB}); filesystem blob store only
   */
  public record Limits(
      @DefaultValue("256MB") DataSize maxKernelUpload,
      @DefaultValue("512MB") DataSize maxKernelBtf,
      @DefaultValue("16MB") DataSize maxSourceBytes,
      @DefaultValue("512") int maxFiles,
      @DefaultValue("16") int maxPathDepth,
      @DefaultValue("64MB") DataSize maxArtifact,
      @DefaultValue("1MB") DataSize maxLog,
      @DefaultValue("90%") String diskHighWater) {}

  /**
   * @param mode how the local executor confines a tool: {@code bwrap} (namespaces, on a host),
   *     {@code setpriv} (a separate unprivileged user, in a worker container), or {@code auto}
   *     (bwrap when it can make namespaces here, else setpriv)
   * @param bwrap the bubblewrap binary
   * @param timeout wall-clock limit of one tool run
   * @param cpuTime CPU-time limit of one tool run
   * @param memory address-space limit of one tool run
   * @param toolsUid uid the tools run as in {@code setpriv} mode (no files of the worker's are readable by it)
   * @param toolsGid gid the tools run as in {@code setpriv} mode
   * @param maxProcesses RLIMIT_NPROC of the tools' uid in {@code setpriv} mode (bounds a fork bomb)
   */
  public record Sandbox(
      @DefaultValue("auto") SandboxMode mode,
      @DefaultValue("bwrap") String bwrap,
      @DefaultValue("120s") Duration timeout,
      @DefaultValue("120s") Duration cpuTime,
      @DefaultValue("4GB") DataSize memory,
      @DefaultValue("10002") int toolsUid,
      @DefaultValue("10002") int toolsGid,
      @DefaultValue("256") int maxProcesses) {}

  public enum SandboxMode { AUTO, BWRAP, SETPRIV }
}
