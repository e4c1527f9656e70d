package dev.bpfforge.service.executor;

import dev.bpfforge.service.compile.SourcePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Compiles in a fresh container of the job's toolchain image ({@link ContainerRunner}): the same
 * libbpf recipe and sandbox paths as the local executor, so diagnostics map back the same way.
 */
public final class DockerExecutor implements Executor {
  /** Fixed text; the compile's argv follows it as "$@", never interpolated by the shell. */
  static final String COMPILE_SCRIPT =
      "\"$@\" && { [ -z \"$BPFFORGE_STRIP\" ] || llvm-strip -g \"/forge/out/$BPFFORGE_STRIP\"; }";
  static final String HEADER_SCRIPT = "bpftool btf dump file /forge/kernel/btf format c > /forge/out/vmlinux.h";

  private final ContainerRunner containers;
  private final VmlinuxHeaderCache headers;
  private final long maxArtifactBytes;
  private final PhaseTimer timer;

  public DockerExecutor(ContainerRunner containers, VmlinuxHeaderCache headers, long maxArtifactBytes) {
    this(containers, headers, maxArtifactBytes, PhaseTimer.NONE);
  }

  public DockerExecutor(ContainerRunner containers, VmlinuxHeaderCache headers, long maxArtifactBytes, PhaseTimer timer) {
    this.timer = timer;
    this.containers = containers;
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
    Path vmlinux = vmlinuxHeader(job.btfDigest(), job.btf(), job.toolchain());
    String objectName = job.options().entry().stem() + ".o";
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Map.Entry<SourcePath, byte[]> source : job.sources().files().entrySet()) {
      files.put("src/" + source.getKey().value(), source.getValue());
    }
    files.put("vmlinux/vmlinux.h", Files.readAllBytes(vmlinux.resolve("vmlinux.h")));
    List<String> command = new ArrayList<>(List.of("sh", "-c", COMPILE_SCRIPT, "sh"));
    command.addAll(ClangCommand.compile(job, objectName));
    ContainerRunner.Spec spec = new ContainerRunner.Spec(job.toolchain().image(), command,
        job.options().strip() ? Map.of("BPFFORGE_STRIP", objectName) : Map.of(), files, List.of("out"),
        SandboxPaths.SRC, "compile-" + UUID.randomUUID(), SandboxPaths.OUT);
    ContainerRunner.Outcome run = timer.time(job.toolchain().id(), CompilePhase.CLANG, () -> containers.run(spec));

    byte[] object = run.files().get(objectName);
    return ResultCollector.collect(job.toolchain(), run.log(), run.logTruncated(), run.files().get("deps.d"),
        run.timedOut(), run.succeeded(), object == null ? -1 : object.length, () -> object, maxArtifactBytes);
  }

  private void generateHeader(byte[] btf, Path header, dev.bpfforge.service.toolchain.Toolchain toolchain) throws IOException {
    ContainerRunner.Outcome run = containers.run(new ContainerRunner.Spec(toolchain.image(), List.of("sh", "-c", HEADER_SCRIPT),
        Map.of(), Map.of("kernel/btf", btf), List.of("out"), "/forge", "vmlinux-" + UUID.randomUUID(), SandboxPaths.OUT));
    byte[] generated = run.files().get("vmlinux.h");
    if (!run.succeeded() || generated == null) {
      throw new IOException("bpftool in " + toolchain.image() + " could not generate vmlinux.h (exit " + run.exitCode() + "): " + run.log().strip());
    }
    Files.write(header, generated);
  }
}
