package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BTF made from DWARF by pahole, for kernels without CONFIG_DEBUG_INFO_BTF. */
class PaholeBtfEncoderTest {

  private static final ExtractLimits LIMITS = RawAndElfExtractionTest.LIMITS;

  @TempDir
  Path tmp;

  private PaholeBtfEncoder realPahole() {
    return new PaholeBtfEncoder(ToolRunner.local(), Tools.require("pahole"), Duration.ofMinutes(2));
  }

  @Test
  void dwarfOnlyElfGetsBtfFromPahole() throws IOException {
    Path object = new KernelFixtures(tmp).vmlinux("6.1.0-dwarf", null, true);

    ExtractedKernel k = new KernelBtfExtractor(tmp, realPahole()).extract(object, LIMITS);

    assertThat(k.sourceFormat()).isEqualTo("pahole-dwarf");
    assertThat(k.release()).contains(KernelRelease.parse("6.1.0-dwarf"));
    assertThat(k.arch()).contains(Arch.X86_64);
    assertThat(k.btf().findType("task_struct", BtfKind.STRUCT)).isPresent();
    assertThat(k.btf().enumerators("bpf_map_type"))
        .containsExactly("BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_RINGBUF");
    assertThat(k.btf().findType("task_pid", BtfKind.FUNC)).isPresent();
    assertThat(k.steps()).hasSize(2).last().isEqualTo("pahole -J");
  }

  @Test
  void elfWithBtfDoesNotRunPahole() throws IOException {
    List<List<String>> runs = new ArrayList<>();
    ToolRunner recording = (argv, dir, timeout) -> {
      runs.add(argv);
      return 1;
    };
    Path vmlinux = new KernelFixtures(tmp).vmlinux("6.1.0-btf", KernelFixtures.btf(), true);

    ExtractedKernel k = new KernelBtfExtractor(tmp, new PaholeBtfEncoder(recording, "pahole", Duration.ofMinutes(1)))
        .extract(vmlinux, LIMITS);

    assertThat(k.sourceFormat()).isEqualTo("vmlinux-elf");
    assertThat(runs).isEmpty();
  }

  @Test
  void runnerIsGivenOnlyPathsInsideTheWorkDirectory() throws IOException {
    List<String> seen = new ArrayList<>();
    Path[] workDir = new Path[1];
    ToolRunner recording = (argv, dir, timeout) -> {
      seen.addAll(argv);
      workDir[0] = dir;
      Files.write(dir.resolve("vmlinux.btf"), KernelFixtures.btf());
      return 0;
    };
    Path object = new KernelFixtures(tmp).vmlinux("6.1.0-dwarf", null, true);

    Btf btf = new PaholeBtfEncoder(recording, "pahole", Duration.ofMinutes(1))
        .encode(object, Files.createDirectories(tmp.resolve("work")), 1 << 20);

    assertThat(btf.bytes()).isEqualTo(KernelFixtures.btf());
    assertThat(seen).hasSize(4).startsWith("pahole", "-J");
    assertThat(seen.get(2)).isEqualTo("--btf_encode_detached=" + workDir[0].resolve("vmlinux.btf"));
    assertThat(Path.of(seen.get(3))).startsWith(workDir[0]).hasSameBinaryContentAs(object);
  }

  @Test
  void paholeFailureIsReportedWithItsLastLineWithoutOurPaths() throws IOException {
    ToolRunner failing = (argv, dir, timeout) -> {
      Files.writeString(dir.resolve(ToolRunner.LOG), "pahole: " + dir.resolve("input.elf") + ": Invalid argument\n");
      return 255;
    };
    Path object = new KernelFixtures(tmp).vmlinux("6.1.0-dwarf", null, true);
    Path work = Files.createDirectories(tmp.resolve("work"));

    assertThatThrownBy(() -> new KernelBtfExtractor(work, new PaholeBtfEncoder(failing, "pahole", Duration.ofMinutes(1)))
        .extract(object, LIMITS))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageEndingWith("pahole -J: pahole failed with exit code 255: pahole: /input.elf: Invalid argument")
        .hasMessageNotContaining(tmp.toString());
  }

  @Test
  void paholeTimeoutIsReported() throws IOException {
    ToolRunner slow = (argv, dir, timeout) -> {
      throw new ToolRunner.TimeoutException("pahole did not finish");
    };
    Path object = new KernelFixtures(tmp).vmlinux("6.1.0-dwarf", null, true);

    assertThatThrownBy(() -> new KernelBtfExtractor(tmp, new PaholeBtfEncoder(slow, "pahole", Duration.ofSeconds(5)))
        .extract(object, LIMITS))
        .isInstanceOf(InvalidBtfException.class)
        .hasMessageEndingWith("pahole -J: pahole did not finish within 5 s");
  }

  @Test
  void localRunnerKillsAToolThatOverrunsItsTimeout() throws IOException {
    Tools.require("sleep");

    assertThatThrownBy(() -> ToolRunner.local().run(List.of("sleep", "30"), tmp, Duration.ofMillis(200)))
        .isInstanceOf(ToolRunner.TimeoutException.class)
        .hasMessage("sleep did not finish within 200 ms");
  }

  @Test
  void localRunnerReturnsTheExitCodeAndKeepsTheOutput() throws IOException {
    Tools.require("sh");

    int exit = ToolRunner.local().run(List.of("sh", "-c", "echo complaint >&2; exit 3"), tmp, Duration.ofSeconds(30));

    assertThat(exit).isEqualTo(3);
    assertThat(tmp.resolve(ToolRunner.LOG)).hasContent("complaint");
  }
}
