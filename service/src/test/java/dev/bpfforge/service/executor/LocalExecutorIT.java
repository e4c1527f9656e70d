package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.ArtifactKind;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.Mcpu;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan run by the bubblewrap executor directly: step timings, and a toolchain without the loader linker. */
class LocalExecutorIT {
  static final Toolchain HOST_TOOLS =
      new Toolchain("local", "0.0.0", "1.4", "7.5.0", Set.of(Arch.X86_64), List.of("/usr/include"), null);

  @TempDir Path tmp;
  byte[] hostBtf;

  @BeforeEach
  void tools() throws IOException {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (kernel BTF)");
    hostBtf = Files.readAllBytes(Fixtures.HOST_BTF);
  }

  private LocalExecutor executor(String linkSo) {
    Sandbox sandbox = new BwrapSandbox("bwrap", new Sandbox.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), 4L << 30, 256L << 20, 1 << 20));
    return new LocalExecutor(tmp.resolve("jobs"), sandbox, new VmlinuxHeaderCache(tmp.resolve("vmlinux")), 64L << 20, linkSo);
  }

  private CompileJob job(Set<ArtifactKind> kinds) throws IOException {
    Path dir = Fixtures.EXAMPLES.resolve("execsnoop");
    SourceTree tree = new SourceTree(Map.of(
        new SourcePath("execsnoop.bpf.c"), Files.readAllBytes(dir.resolve("execsnoop.bpf.c")),
        new SourcePath("execsnoop.h"), Files.readAllBytes(dir.resolve("execsnoop.h"))));
    return new CompileJob(tree, new CompileOptions(new SourcePath("execsnoop.bpf.c"), List.of(), List.of(), Optional.empty(), true),
        Arch.X86_64, Mcpu.V3, Sha256.of(hostBtf), () -> hostBtf, HOST_TOOLS,
        KernelRelease.parse(System.getProperty("os.version")), "execsnoop", kinds);
  }

  @Test
  void everyStepThatRanHasADurationInPlanOrder() throws IOException {
    CompileResult result = executor(CompilePlan.LINK_SO).compile(job(Set.of(ArtifactKind.SKEL, ArtifactKind.BTF)));

    assertThat(result.succeeded()).as(result.log()).isTrue();
    assertThat(result.artifacts()).containsOnlyKeys(ArtifactKind.O, ArtifactKind.SKEL, ArtifactKind.BTF);
    assertThat(result.durations().keySet()).containsExactly("vmlinux.h", "clang", "strip", "skeleton", "min_btf");
    System.out.println("execsnoop steps (bubblewrap): " + result.durations());
  }

  @Test
  void aToolchainWithoutTheLoaderLinkerFailsAnSoTargetBeforeCompiling() throws IOException {
    String absent = "/usr/local/bin/bpfforge-link-so-absent";

    CompileResult result = executor(absent).compile(job(Set.of(ArtifactKind.SO)));

    assertThat(result.failure()).isEqualTo(CompileResult.Failure.UNSUPPORTED);
    assertThat(result.message()).isEqualTo("toolchain local cannot link a loader .so: " + absent
        + " is not installed in it. Leave out the so artifact or pick a toolchain that has it (GET /v1/toolchains).");
    assertThat(result.durations()).as("nothing ran").containsOnlyKeys("vmlinux.h");
    try (Stream<Path> left = Files.list(tmp.resolve("jobs"))) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("job-"))).as("job dir removed").isEmpty();
    }
  }
}
