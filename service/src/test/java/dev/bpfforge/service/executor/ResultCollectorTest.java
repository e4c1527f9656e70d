package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.service.compile.ArtifactKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdicts of a plan run, from the files a runner leaves (as the Docker executor hands them over). */
class ResultCollectorTest {
  static final ResultCollector.Run OK = new ResultCollector.Run("", false, false, 0);
  static final Map<String, Duration> VMLINUX = Map.of("vmlinux.h", Duration.ofMillis(3));

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static CompileResult collect(String artifacts, ResultCollector.Run run, Map<String, byte[]> files, long max) throws IOException {
    CompilePlan plan = CompilePlanTest.plan(artifacts, false, Arch.X86_64);
    CompileJob job = new CompileJob(null, null, Arch.X86_64, null, null, null, CompilePlanTest.TOOLCHAIN, null, "prog", null);
    return ResultCollector.collect(job, plan, run, PlanOutput.of(files), VMLINUX, max);
  }

  @Test
  void everyOutputIsCollectedWithEveryStepsDuration() throws IOException {
    Map<String, byte[]> files = new HashMap<>(Map.of("prog.o", utf8("ELF"), "prog.skel.h", utf8("/* skel */"),
        ".steps", utf8("clang 0 10.0 10.5\nskeleton 0 10.5 10.75\n"), "deps.d", utf8("prog.o: prog.bpf.c /forge/vmlinux/vmlinux.h")));

    CompileResult result = collect("skel", OK, files, 1 << 20);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.artifacts()).containsOnlyKeys(ArtifactKind.O, ArtifactKind.SKEL);
    assertThat(result.vmlinux()).isEqualTo(CompileResult.VmlinuxSource.TARGET);
    assertThat(result.durations()).containsExactly(Map.entry("vmlinux.h", Duration.ofMillis(3)),
        Map.entry("clang", Duration.ofMillis(500)), Map.entry("skeleton", Duration.ofMillis(250)));
  }

  @Test
  void aMissingLoaderLinkerFailsTheTargetSayingSo() throws IOException {
    CompileResult result = collect("so", OK, Map.of(".missing", utf8("/usr/local/bin/bpfforge-link-so\n")), 1 << 20);

    assertThat(result.failure()).isEqualTo(CompileResult.Failure.UNSUPPORTED);
    assertThat(result.message()).startsWith("toolchain local cannot link a loader .so: /usr/local/bin/bpfforge-link-so is not installed");
    assertThat(result.artifacts()).isEmpty();
  }

  @Test
  void aFailedStepAfterClangNamesTheStep() throws IOException {
    Map<String, byte[]> files = Map.of("prog.o", utf8("ELF"), ".steps", utf8("clang 0 1.0 2.0\nmin_btf 255 2.0 2.1\n"));

    CompileResult result = collect("btf", new ResultCollector.Run("Error: failed to load BTF", false, false, 255), files, 1 << 20);

    assertThat(result.failure()).isEqualTo(CompileResult.Failure.STEP_FAILED);
    assertThat(result.message()).contains("step min_btf failed (exit 255)");
    assertThat(result.log()).contains("failed to load BTF");
  }

  @Test
  void aClangFailureIsACompileError() throws IOException {
    CompileResult result = collect("skel", new ResultCollector.Run("prog.bpf.c:1:5: error: nope", false, false, 1),
        Map.of(".steps", utf8("clang 1 1.0 2.0\n")), 1 << 20);

    assertThat(result.failure()).isEqualTo(CompileResult.Failure.COMPILE_ERROR);
    assertThat(result.message()).isNull();
    assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo("nope"));
  }

  @Test
  void anArtifactOverTheLimitIsAnOutputLimitFailure() throws IOException {
    Map<String, byte[]> files = Map.of("prog.o", utf8("ELF"), "prog.skel.h", new byte[100], ".steps", utf8("clang 0 1 2\nskeleton 0 2 3\n"));

    CompileResult result = collect("skel", OK, files, 50);

    assertThat(result.failure()).isEqualTo(CompileResult.Failure.OUTPUT_LIMIT);
    assertThat(result.message()).contains("prog.skel.h");
  }

  @Test
  void aTimeoutWinsOverEverythingElse() throws IOException {
    CompileResult result = collect("o", new ResultCollector.Run("", false, true, -1), Map.of(), 1 << 20);

    assertThat(result.failure()).isEqualTo(CompileResult.Failure.TIMEOUT);
  }
}
