package dev.bpfforge.service.executor;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Compiles in a fresh container of the job's toolchain image ({@link ContainerRunner}): the same
 * {@link CompilePlan}, runner script and sandbox paths as the local executor, so artifacts,
 * step timings and diagnostics come back the same way.
 */
public final class DockerExecutor implements Executor {
  static final String HEADER_SCRIPT = "bpftool btf dump file /forge/kernel/btf format c > /forge/out/vmlinux.h";

  private final ContainerRunner containers;
  private final VmlinuxHeaderCache headers;
  private final long maxArtifactBytes;

  public DockerExecutor(ContainerRunner containers, VmlinuxHeaderCache headers, long maxArtifactBytes) {
    this.containers = containers;
    this.headers = headers;
    this.maxArtifactBytes = maxArtifactBytes;
  }

  @Override
  public Path vmlinuxHeader(Sha256 btfDigest, Supplier<byte[]> btf, Toolchain toolchain) throws IOException {
    return headers.headerDir(btfDigest, btf, toolchain, this::generateHeader);
  }

  @Override
  public CompileResult compile(CompileJob job) throws IOException {
    CompilePlan plan = new CompilePlan(job);
    Map<String, Duration> durations = new LinkedHashMap<>();
    long started = System.nanoTime();
    Path vmlinux = vmlinuxHeader(job.btfDigest(), job.btf(), job.toolchain());
    durations.put("vmlinux.h", Duration.ofNanos(System.nanoTime() - started));

    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Map.Entry<SourcePath, byte[]> source : job.sources().files().entrySet()) {
      files.put("src/" + source.getKey().value(), source.getValue());
    }
    files.put("vmlinux/vmlinux.h", Files.readAllBytes(vmlinux.resolve("vmlinux.h")));
    plan.files().forEach((name, content) -> files.put("plan/" + name, content));
    if (plan.needsKernelBtf()) {
      files.put("kernel/btf", job.btf().get());
    }
    // LC_ALL=C: the runner's EPOCHREALTIME then always has a '.' before its microseconds. TMPDIR=/tmp: the
    // container's own tmpfs, private to this job (the images' /work is read-only under the read-only root).
    ContainerRunner.Outcome run = containers.run(new ContainerRunner.Spec(job.toolchain().image(), plan.command(),
        Map.of("LC_ALL", "C", "TMPDIR", "/tmp"), files, List.of("out"), SandboxPaths.SRC, "compile-" + UUID.randomUUID(), SandboxPaths.OUT));
    return ResultCollector.collect(job, plan, new ResultCollector.Run(run.log(), run.logTruncated(), run.timedOut(), run.exitCode()),
        PlanOutput.of(run.files()), durations, maxArtifactBytes);
  }

  private void generateHeader(byte[] btf, Path header, Toolchain toolchain) throws IOException {
    ContainerRunner.Outcome run = containers.run(new ContainerRunner.Spec(toolchain.image(), List.of("sh", "-c", HEADER_SCRIPT),
        Map.of(), Map.of("kernel/btf", btf), List.of("out"), "/forge", "vmlinux-" + UUID.randomUUID(), SandboxPaths.OUT));
    byte[] generated = run.files().get("vmlinux.h");
    if (!run.succeeded() || generated == null) {
      throw new IOException("bpftool in " + toolchain.image() + " could not generate vmlinux.h (exit " + run.exitCode() + "): " + run.log().strip());
    }
    Files.write(header, generated);
  }
}
