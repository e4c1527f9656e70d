package dev.bpfforge.service.executor;

import dev.bpfforge.service.compile.SourcePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compiles on this host, each tool in its own bubblewrap {@link Sandbox}: prepare the job
 * directory, write the sources, get the target's vmlinux.h, run clang, optionally strip, collect
 * the object, and remove the job directory in {@code finally}.
 */
public final class LocalExecutor implements Executor {
  private final Path jobsRoot;
  private final Sandbox sandbox;
  private final VmlinuxHeaderCache headers;
  private final long maxArtifactBytes;
  private final PhaseTimer timer;

  public LocalExecutor(Path jobsRoot, Sandbox sandbox, VmlinuxHeaderCache headers, long maxArtifactBytes, PhaseTimer timer) {
    this.timer = timer;
    this.jobsRoot = jobsRoot;
    this.sandbox = sandbox;
    this.headers = headers;
    this.maxArtifactBytes = maxArtifactBytes;
  }

  @Override
  public Path vmlinuxHeader(dev.bpfforge.btf.Sha256 btfDigest, java.util.function.Supplier<byte[]> btf,
      dev.bpfforge.service.toolchain.Toolchain toolchain) throws IOException {
    return headers.headerDir(btfDigest, btf, toolchain, this::generateHeader);
  }

  @Override
  public CompileResult compile(CompileJob job) throws IOException {
    Files.createDirectories(jobsRoot);
    Path work = Files.createTempDirectory(jobsRoot, "job-");
    try {
      Path src = writeSources(work.resolve("src"), job);
      Path out = Files.createDirectory(work.resolve("out"));
      Path log = Files.createFile(work.resolve("log"));
      Path vmlinux = vmlinuxHeader(job.btfDigest(), job.btf(), job.toolchain());
      String objectName = job.options().entry().stem() + ".o";
      List<Sandbox.Mount> mounts = List.of(
          new Sandbox.Mount(src, SandboxPaths.SRC, false),
          new Sandbox.Mount(out, SandboxPaths.OUT, true),
          new Sandbox.Mount(vmlinux, SandboxPaths.VMLINUX, false));

      String toolchain = job.toolchain().id();
      Sandbox.Result clang = timer.time(toolchain, CompilePhase.CLANG, () ->
          sandbox.run(new Sandbox.Invocation(ClangCommand.compile(job, objectName), mounts, SandboxPaths.SRC, null, log)));
      Path object = out.resolve(objectName);
      if (clang.succeeded() && Files.isRegularFile(object) && job.options().strip()) {
        clang = timer.time(toolchain, CompilePhase.STRIP, () ->
            sandbox.run(new Sandbox.Invocation(ClangCommand.stripDebug(objectName), mounts, SandboxPaths.SRC, null, log)));
      }
      Path deps = out.resolve("deps.d");
      return ResultCollector.collect(job.toolchain(), clang.output(), clang.outputTruncated(),
          Files.isRegularFile(deps) ? Files.readAllBytes(deps) : null, clang.timedOut(), clang.succeeded(),
          Files.isRegularFile(object) ? Files.size(object) : -1, () -> Files.readAllBytes(object), maxArtifactBytes);
    } finally {
      FileTrees.deleteRecursively(work);
    }
  }

  /** bpftool in the sandbox, the kernel's BTF mounted read-only, stdout to the header file. */
  private void generateHeader(byte[] btf, Path header, dev.bpfforge.service.toolchain.Toolchain toolchain) throws IOException {
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

  /** Paths were checked by {@link SourcePath}; resolving them cannot leave {@code root}. */
  private static Path writeSources(Path root, CompileJob job) throws IOException {
    Files.createDirectories(root);
    for (Map.Entry<SourcePath, byte[]> file : job.sources().files().entrySet()) {
      Path target = root.resolve(file.getKey().value()).normalize();
      if (!target.startsWith(root)) {
        throw new IllegalStateException("source path escaped the job directory: " + file.getKey());
      }
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    return root;
  }
}
