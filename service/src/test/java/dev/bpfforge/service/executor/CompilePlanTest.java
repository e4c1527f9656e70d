package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.ArtifactKind;
import dev.bpfforge.service.compile.ArtifactSelection;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.Mcpu;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.toolchain.Toolchain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompilePlanTest {
  static final byte[] SOURCE = "int x;".getBytes(StandardCharsets.UTF_8);
  static final Toolchain TOOLCHAIN =
      new Toolchain("local", "16.0.6", "1.4", "7.5.0", Set.of(Arch.X86_64, Arch.ARM64), List.of("/usr/include"), null);

  static CompilePlan plan(String artifacts, boolean strip, Arch arch) {
    CompileJob job = new CompileJob(new SourceTree(Map.of(new SourcePath("prog.bpf.c"), SOURCE)),
        new CompileOptions(new SourcePath("prog.bpf.c"), List.of(), List.of(), Optional.empty(), strip), arch, Mcpu.V3,
        Sha256.of("btf".getBytes(StandardCharsets.UTF_8)), () -> new byte[0], TOOLCHAIN,
        KernelRelease.parse("6.1.0-50-arm64"), "prog", ArtifactSelection.parse(artifacts).produced());
    return new CompilePlan(job);
  }

  static List<String> names(CompilePlan plan) {
    return plan.steps().stream().map(CompilePlan.Step::name).toList();
  }

  @Test
  void theObjectAloneIsOneClangRun() {
    CompilePlan plan = plan("o", false, Arch.X86_64);

    assertThat(names(plan)).containsExactly("clang");
    assertThat(plan.outputs()).containsExactly(Map.entry(ArtifactKind.O, "prog.o"));
    assertThat(plan.requiredTools()).isEmpty();
    assertThat(plan.needsKernelBtf()).isFalse();
  }

  @Test
  void clangNeverWritesACrashReproducer() {
    // Every shape runs this plan, so this one flag covers them all; clang is its only tool that writes reproducers.
    List<String> argv = plan("all", true, Arch.X86_64).steps().stream()
        .filter(step -> step.argv().get(0).equals("clang")).findFirst().orElseThrow().argv();

    assertThat(argv).contains("-fno-crash-diagnostics");
  }

  @Test
  void everyKindRunsEveryStepInOrder() {
    CompilePlan plan = plan("all", true, Arch.X86_64);

    assertThat(names(plan)).containsExactly("clang", "strip", "skeleton", "min_btf", "link");
    assertThat(plan.outputs().values()).containsExactly("prog.o", "prog.skel.h", "prog.min.btf", "prog.so");
    assertThat(plan.needsKernelBtf()).isTrue();
  }

  @Test
  void theSkeletonIsBpftoolsStdoutNamedAfterTheProgram() {
    CompilePlan.Step skeleton = plan("skel", false, Arch.X86_64).steps().get(1);

    assertThat(skeleton.argv()).containsExactly("bpftool", "gen", "skeleton", "/forge/out/prog.o", "name", "prog");
    assertThat(skeleton.stdout()).isEqualTo("prog.skel.h");
  }

  @Test
  void minimizedBtfIsMadeFromTheTargetsBtf() {
    CompilePlan.Step minBtf = plan("btf", false, Arch.X86_64).steps().get(1);

    assertThat(minBtf.argv()).containsExactly("bpftool", "gen", "min_core_btf", "/forge/kernel/btf", "/forge/out/prog.min.btf", "/forge/out/prog.o");
  }

  @Test
  void theSoLinksTheSkeletonWithTheLoaderContractsArguments() {
    CompilePlan plan = plan("so", false, Arch.ARM64);

    assertThat(names(plan)).containsExactly("clang", "skeleton", "link");
    assertThat(plan.outputs()).containsOnlyKeys(ArtifactKind.O, ArtifactKind.SO);
    CompilePlan.Step link = plan.steps().get(2);
    assertThat(link.argv()).containsExactly("/usr/local/bin/bpfforge-link-so", "--arch", "arm64",
        "--skel", "/forge/out/prog.skel.h", "--name", "prog", "--source-sha256", Sha256.of(SOURCE).hex(),
        "--kernel", "6.1.0-50-arm64", "-o", "/forge/out/prog.so");
    assertThat(link.workDir()).isEqualTo("/forge/out");
    assertThat(plan.requiredTools()).containsExactly("/usr/local/bin/bpfforge-link-so");
  }

  @Test
  void stepsTravelAsNulSeparatedArgvFilesInOrder() {
    Map<String, byte[]> files = plan("skel", false, Arch.X86_64).files();

    assertThat(files).containsOnlyKeys("01-clang/argv", "01-clang/cwd", "02-skeleton/argv", "02-skeleton/cwd", "02-skeleton/stdout");
    assertThat(new String(files.get("02-skeleton/argv"), StandardCharsets.UTF_8))
        .isEqualTo("bpftool\0gen\0skeleton\0/forge/out/prog.o\0name\0prog\0");
    assertThat(new String(files.get("01-clang/cwd"), StandardCharsets.UTF_8)).isEqualTo("/forge/src");
  }

  @Test
  void runnerTimesReadBackAsDurations() {
    List<StepTimes.StepRun> runs = StepTimes.parse("clang 0 1733100000.100000 1733100000.912345\nskeleton 1 1733100001.000000 1733100001.020000\n"
        + "rm -rf / 1 2\nclang zero 1 2\n");

    assertThat(runs).extracting(StepTimes.StepRun::name).containsExactly("clang", "skeleton");
    assertThat(runs.get(0).took().toNanos()).isEqualTo(812_345_000L);
    assertThat(runs.get(1).exitCode()).isEqualTo(1);
  }
}
