package dev.bpfforge.service.executor;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiles with the tools of this host (or of the worker container it runs in) in one
 * {@link Sandbox} (bubblewrap, or a separate user where namespaces cannot be made): prepare the job
 * directory, write the sources and the {@link CompilePlan}, get the target's vmlinux.h, run the
 * plan (clang and the steps the artifact kinds need), collect the artifacts, and remove the job
 * directory in {@code finally}.
 */
public final class LocalExecutor implements Executor {
  private final Path jobsRoot;
  private final Sandbox sandbox;
  private final VmlinuxHeaderCache headers;
  private final long maxArtifactBytes;
  private final String linkSo;

  public LocalExecutor(Path jobsRoot, Sandbox sandbox, VmlinuxHeaderCache headers, long maxArtifactBytes) {
    this(jobsRoot, sandbox, headers, maxArtifactBytes, CompilePlan.LINK_SO);
  }

  /** @param linkSo the loader linker's path (under /usr, the only host dir the sandbox sees) */
  LocalExecutor(Path jobsRoot, Sandbox sandbox, VmlinuxHeaderCache headers, long maxArtifactBytes, String linkSo) {
    this.jobsRoot = jobsRoot;
    this.sandbox = sandbox;
    this.headers = headers;
    this.maxArtifactBytes = maxArtifactBytes;
    this.linkSo = linkSo;
  }

  @Override
  public Path vmlinuxHeader(Sha256 btfDigest, Supplier<byte[]> btf, Toolchain toolchain) throws IOException {
    return headers.headerDir(btfDigest, btf, toolchain, this::generateHeader);
  }

  @Override
  public CompileResult compile(CompileJob job) throws IOException {
    Files.createDirectories(jobsRoot);
    Path work = Files.createTempDirectory(jobsRoot, "job-");
    Path out = work.resolve("out");
    try {
      CompilePlan plan = new CompilePlan(job, linkSo);
      Path src = Files.createDirectory(work.resolve("src"));
      for (Map.Entry<SourcePath, byte[]> file : job.sources().files().entrySet()) {
        write(src, file.getKey().value(), file.getValue());
      }
      Path planDir = Files.createDirectory(work.resolve("plan"));
      for (Map.Entry<String, byte[]> file : plan.files().entrySet()) {
        write(planDir, file.getKey(), file.getValue());
      }
      Files.createDirectory(out);
      Path log = Files.createFile(work.resolve("log"));
      Map<String, Duration> durations = new LinkedHashMap<>();
      long started = System.nanoTime();
      Path vmlinux = vmlinuxHeader(job.btfDigest(), job.btf(), job.toolchain());
      durations.put("vmlinux.h", Duration.ofNanos(System.nanoTime() - started));

      List<Sandbox.Mount> mounts = new ArrayList<>(List.of(
          new Sandbox.Mount(src, SandboxPaths.SRC, false),
          new Sandbox.Mount(out, SandboxPaths.OUT, true),
          new Sandbox.Mount(vmlinux, SandboxPaths.VMLINUX, false),
          new Sandbox.Mount(planDir, CompilePlan.PLAN, false)));
      if (plan.needsKernelBtf()) {
        Path kernel = Files.createDirectory(work.resolve("kernel"));
        Files.write(kernel.resolve("btf"), job.btf().get());
        mounts.add(new Sandbox.Mount(kernel, SandboxPaths.KERNEL, false));
      }
      Sandbox.Result run = sandbox.run(new Sandbox.Invocation(plan.command(), mounts, SandboxPaths.SRC, null, log));
      return ResultCollector.collect(job, plan, new ResultCollector.Run(run.output(), run.outputTruncated(), run.timedOut(), run.exitCode()),
          PlanOutput.of(out), durations, maxArtifactBytes);
    } finally {
      if (Files.isDirectory(out)) {
        sandbox.reclaim(out);
      }
      FileTrees.deleteRecursively(work);
    }
  }

  /** bpftool in the sandbox, the kernel's BTF mounted read-only, stdout to the header file. */
  private void generateHeader(byte[] btf, Path header, Toolchain toolchain) throws IOException {
    Files.createDirectories(jobsRoot);
    Path work = Files.createTempDirectory(jobsRoot, "vmlinux-");
    try {
      Path kernel = Files.createDirectory(work.resolve("kernel"));
      Files.write(kernel.resolve("btf"), btf);
      Path log = Files.createFile(work.resolve("log"));
      Sandbox.Result result = sandbox.run(new Sandbox.Invocation(
          List.of("bpftool", "btf", "dump", "file", SandboxPaths.KERNEL + "/btf", "format", "c"),
          List.of(new Sandbox.Mount(kernel, SandboxPaths.KERNEL, false)), "/tmp", header, log));
      if (!result.succeeded()) {
        throw new IOException("bpftool could not generate vmlinux.h (exit " + result.exitCode() + "): " + result.output().strip());
      }
    } finally {
      FileTrees.deleteRecursively(work);
    }
  }

  /** Paths were checked by {@link SourcePath} or made by {@link CompilePlan}; resolving them cannot leave {@code root}. */
  private static void write(Path root, String relative, byte[] content) throws IOException {
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root)) {
      throw new IllegalStateException("path escaped the job directory: " + relative);
    }
    Files.createDirectories(target.getParent());
    Files.write(target, content);
  }
}
