package dev.bpfforge.service.executor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in a fresh container of a toolchain image, as the Docker executor's sandbox:
 * no network, read-only root, a private /tmp, all capabilities dropped, no-new-privileges, an
 * unprivileged user, pids/memory/CPU/file-size limits and a wall-clock kill. A read-only
 * container cannot be filled with {@code docker cp} into its root, so the job's files go into a
 * per-job anonymous volume at {@code /forge} before start and results are copied out after exit.
 * Every container is labelled; it is removed with its volume in {@code finally}, and leftovers of
 * this runner are swept at start-up.
 */
public final class ContainerRunner {
  private static final Logger log = LoggerFactory.getLogger(ContainerRunner.class);
  public static final String LABEL_MANAGED = "dev.bpfforge.managed";
  public static final String LABEL_RUNNER = "dev.bpfforge.runner";
  public static final String LABEL_JOB = "dev.bpfforge.job";
  static final String USER = "10001:10001";

  /**
   * @param files paths under /forge and their contents; directories in {@code writableDirs} are created world-writable
   * @param collect directory under /forge whose files are returned
   */
  public record Spec(String image, List<String> command, Map<String, String> env, Map<String, byte[]> files,
      List<String> writableDirs, String workDir, String job, String collect) {}

  public record Outcome(int exitCode, boolean timedOut, String log, boolean logTruncated, Map<String, byte[]> files) {
    public boolean succeeded() {
      return exitCode == 0 && !timedOut;
    }
  }

  private final DockerClient docker;
  private final String runner;
  private final Sandbox.Limits limits;
  private final long pids;
  private final long nanoCpus;

  public ContainerRunner(DockerClient docker, String runner, Sandbox.Limits limits, long pids, long nanoCpus) {
    this.docker = docker;
    this.runner = runner;
    this.limits = limits;
    this.pids = pids;
    this.nanoCpus = nanoCpus;
  }

  public Outcome run(Spec spec) throws IOException {
    String id = create(spec);
    try {
      docker.copyArchiveToContainerCmd(id).withRemotePath("/forge").withTarInputStream(new ByteArrayInputStream(tar(spec))).exec();
      docker.startContainerCmd(id).exec();
      Integer status = await(id);
      boolean timedOut = status == null;
      if (timedOut) {
        docker.killContainerCmd(id).exec();
      }
      LogCollector output = new LogCollector(limits.logBytes());
      docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(output).awaitCompletion(30, TimeUnit.SECONDS);
      Map<String, byte[]> files = timedOut ? Map.of() : collect(id, spec.collect());
      return new Outcome(timedOut ? -1 : status, timedOut, output.text(), output.truncated(), files);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + spec.image(), e);
    } catch (RuntimeException e) {
      // docker-java reports daemon errors unchecked; to the queue they are executor failures.
      throw new IOException("container run failed: " + e.getMessage(), e);
    } finally {
      remove(id);
    }
  }

  /** Removes containers a previous run of this runner left behind (a crash between create and finally). */
  public int sweep() {
    List<Container> leftovers = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(LABEL_MANAGED, "true", LABEL_RUNNER, runner)).exec();
    leftovers.forEach(c -> remove(c.getId()));
    if (!leftovers.isEmpty()) {
      log.warn("removed {} leftover container(s) of runner {}", leftovers.size(), runner);
    }
    return leftovers.size();
  }

  private String create(Spec spec) {
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode("none")
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=67108864"))
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withPidsLimit(pids)
        .withMemory(limits.memoryBytes())
        .withMemorySwap(limits.memoryBytes())
        .withNanoCPUs(nanoCpus)
        .withUlimits(List.of(new Ulimit("fsize", limits.fileSizeBytes(), limits.fileSizeBytes()),
            new Ulimit("core", 0L, 0L), new Ulimit("nofile", 1024L, 1024L)));
    CreateContainerResponse created = docker.createContainerCmd(spec.image())
        .withUser(USER)
        .withCmd(spec.command())
        .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .withWorkingDir(spec.workDir())
        .withNetworkDisabled(true)
        .withVolumes(new Volume("/forge"))
        .withLabels(Map.of(LABEL_MANAGED, "true", LABEL_RUNNER, runner, LABEL_JOB, spec.job()))
        .withHostConfig(host)
        .exec();
    return created.getId();
  }

  private Integer await(String id) throws InterruptedException {
    try {
      return docker.waitContainerCmd(id).start().awaitStatusCode(limits.wallClock().toMillis(), TimeUnit.MILLISECONDS);
    } catch (com.github.dockerjava.api.exception.DockerClientException timeout) {
      return null;
    }
  }

  private Map<String, byte[]> collect(String id, String dir) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (InputStream in = docker.copyArchiveFromContainerCmd(id, dir + "/.").exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      long total = 0;
      while ((entry = tar.getNextEntry()) != null) {
        if (!entry.isFile() || entry.getLinkFlag() != '0') {
          continue;
        }
        total += entry.getSize();
        if (total > limits.fileSizeBytes()) {
          throw new IOException("container output exceeds " + limits.fileSizeBytes() + " bytes");
        }
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        files.put(name, tar.readAllBytes());
      }
    }
    return files;
  }

  private void remove(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (RuntimeException e) {
      log.warn("could not remove container {}: {}", id, e.getMessage());
    }
  }

  /** The job's files as a tar for /forge: sources readable by all, output dirs writable by the tool user. */
  private static byte[] tar(Spec spec) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      java.util.Set<String> dirs = new java.util.TreeSet<>();
      spec.files().keySet().forEach(path -> {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
          dirs.add(path.substring(0, i));
        }
      });
      for (String dir : dirs) {
        TarArchiveEntry entry = new TarArchiveEntry(dir + "/");
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      for (String dir : spec.writableDirs()) {
        TarArchiveEntry entry = new TarArchiveEntry(dir + "/");
        entry.setMode(041777);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(spec.files()).entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Container output, kept up to a limit; the rest is counted, not stored. */
  private static final class LogCollector extends ResultCallback.Adapter<Frame> {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final long limit;
    private boolean truncated;

    LogCollector(long limit) {
      this.limit = limit;
    }

    @Override
    public synchronized void onNext(Frame frame) {
      byte[] payload = frame.getPayload();
      long room = limit - buffer.size();
      if (payload.length > room) {
        truncated = true;
      }
      buffer.write(payload, 0, (int) Math.max(0, Math.min(room, payload.length)));
    }

    synchronized String text() {
      return buffer.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
      return truncated;
    }
  }
}
