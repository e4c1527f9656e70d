package dev.bpfforge.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.cli.support.Cli;
import dev.bpfforge.cli.support.CliFixtures;
import dev.bpfforge.cli.support.LiveService;
import dev.bpfforge.cli.support.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell parts of examples/ci, as the GitHub and GitLab pipelines run them, against the live
 * service: build.sh makes the per-kernel directory a pipeline publishes, fetch.sh picks one
 * kernel's object out of it on a target host.
 */
class CiExamplesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void buildScriptPublishesAPerKernelDirectoryAndFetchPicksTheTargetsOwnObject() throws Exception {
    CliFixtures.requireSharedBtf();
    LiveService service = LiveService.shared();
    Cli cli = new Cli(service);
    for (CliFixtures.SharedKernel k : CliFixtures.SHARED_KERNELS) {
      ProcessResult upload = cli.run(null, "kernels", "upload", k.file().toString(), "--release", k.release(), "--arch", k.arch());
      assertThat(upload.exitCode()).as(upload.toString()).isZero();
    }
    Map<String, String> env = new HashMap<>(cli.env());
    env.put("BPFFORGE", CliFixtures.LAUNCHER.toString());
    env.put("BPFFORGE_KERNELS", CliFixtures.SHARED_KERNELS.stream().map(CliFixtures.SharedKernel::target).collect(Collectors.joining("\n")));
    Path xdp = CliFixtures.EXAMPLES.resolve("xdpcount");

    ProcessResult build = ProcessResult.run(List.of(CliFixtures.CI_EXAMPLES.resolve("build.sh").toString(),
        "xdpcount.bpf.c", work.resolve("out").toString(), "-I", "include"), xdp, env);

    assertThat(build.exitCode()).as(build.toString()).isZero();
    JsonNode manifest = JSON.readTree(work.resolve("out/manifest.json").toFile());
    assertThat(manifest.get("targets")).hasSize(CliFixtures.SHARED_KERNELS.size());
    for (CliFixtures.SharedKernel k : CliFixtures.SHARED_KERNELS) {
      assertThat(work.resolve("out").resolve(k.release()).resolve(k.arch()).resolve("xdpcount.o")).isRegularFile();
      assertThat(build.stdout()).contains(k.release() + "/" + k.arch() + "/xdpcount.o");
    }

    // A target host running 6.1.0-50-arm64 fetches from where the pipeline published (here: a file:// URL).
    Map<String, String> host = Map.of("BPFFORGE_RELEASE", "6.1.0-50-arm64", "BPFFORGE_ARCH", "aarch64");
    Path dest = work.resolve("host/lib/xdpcount.o");
    ProcessResult fetch = ProcessResult.run(List.of(CliFixtures.CI_EXAMPLES.resolve("fetch.sh").toString(),
        work.resolve("out").toUri().toString(), "xdpcount.o", dest.toString()), work, host);

    assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
    assertThat(Files.readAllBytes(dest)).isEqualTo(Files.readAllBytes(work.resolve("out/6.1.0-50-arm64/arm64/xdpcount.o")));
    assertThat(fetch.stdout()).contains("6.1.0-50-arm64/arm64/xdpcount.o");

    ProcessResult missing = ProcessResult.run(List.of(CliFixtures.CI_EXAMPLES.resolve("fetch.sh").toString(),
        work.resolve("out").toString(), "xdpcount.o", work.resolve("other.o").toString()), work, Map.of("BPFFORGE_RELEASE", "4.19.0-27-amd64"));

    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(4);
    assertThat(missing.stderr()).contains("no xdpcount.o was built for this kernel (4.19.0-27-amd64", "5.10.0-32-amd64/x86_64/xdpcount.o");
    assertThat(work.resolve("other.o")).doesNotExist();
  }

  @Test
  void fetchRefusesAnObjectWhoseDigestDoesNotMatch() throws Exception {
    Path out = work.resolve("out");
    Files.createDirectories(out.resolve("6.1.0-50-amd64/x86_64"));
    Files.writeString(out.resolve("6.1.0-50-amd64/x86_64/prog.o"), "tampered");
    Files.writeString(out.resolve("SHA256SUMS"), "0".repeat(64) + "  6.1.0-50-amd64/x86_64/prog.o\n");

    ProcessResult fetch = ProcessResult.run(List.of(CliFixtures.CI_EXAMPLES.resolve("fetch.sh").toString(),
        out.toString(), "prog.o", work.resolve("dest.o").toString()), work,
        Map.of("BPFFORGE_RELEASE", "6.1.0-50-amd64", "BPFFORGE_ARCH", "x86_64"));

    assertThat(fetch.exitCode()).as(fetch.toString()).isNotZero();
    assertThat(work.resolve("dest.o")).doesNotExist();
  }
}
