package dev.bpfforge.service.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader .so and the minimized BTF as a user gets them: from the running service, then run
 * by the Python example as root (attach execsnoop, exec a known command, read its event from the
 * ring buffer). {@link LoaderSoIT} covers the library itself; this covers the service's side.
 */
class ServiceLoaderIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");

  @TempDir Path tmp;

  @BeforeEach
  void prerequisites() {
    Fixtures.requireToolchain();
    Fixtures.require(Fixtures.onPath("python3"), "python3 (scripts/install-prereqs.sh)");
    LoaderSoIT.requireRootBpfAndTracefs();
  }

  private Path compile(String kind) throws Exception {
    List<Part> parts = new ArrayList<>(ForgeClient.example("execsnoop"));
    parts.add(Part.field("kernel", HOST));
    parts.add(Part.field("artifact", kind));
    HttpResponse<byte[]> answer = client().post("/v1/compile", parts);
    assertThat(answer.statusCode()).as(ForgeClient.text(answer)).isEqualTo(200);
    String name = answer.headers().firstValue("Content-Disposition").orElseThrow().replaceAll(".*filename=\"([^\"]+)\".*", "$1");
    return Files.write(tmp.resolve(name), answer.body());
  }

  @Test
  void pythonExampleFetchesItsSoFromTheServiceAndReadsTheExecEvent() throws Exception {
    // As a user runs it: --url and a token from the environment; the .so lands in the working dir.
    Tools.Run run = Tools.run(List.of("sh", "-c", "cd \"$0\" && exec env BPFFORGE_TOKEN=\"$1\" python3 \"$2\" --url \"$3\" --kernel \"$4\" --command \"$5\"",
        tmp.toString(), ADMIN_TOKEN, LoaderSoIT.PYTHON_EXAMPLE.toString(), "http://localhost:" + port, HOST, LoaderSoIT.KNOWN_COMMAND));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("downloaded " + tmp.resolve("execsnoop.so"))
        .contains("loaded execsnoop (kernel " + HOST + ", x86_64")
        .containsPattern("exec pid=\\d+ ppid=\\d+ uid=0 comm=true filename=" + Pattern.quote(LoaderSoIT.KNOWN_COMMAND));
  }

  @Test
  void theServicesSoLoadsWithTheServicesMinimizedBtfInPlaceOfTheKernels() throws Exception {
    Path so = compile("so");
    Path minBtf = compile("btf");
    assertThat(so.getFileName().toString()).isEqualTo("execsnoop.so");
    assertThat(minBtf.getFileName().toString()).isEqualTo("execsnoop.min.btf");
    long full = Files.size(Fixtures.HOST_BTF);
    System.out.printf("service's minimized BTF %d bytes, kernel BTF %d bytes (%.4f%%)%n", Files.size(minBtf), full,
        100.0 * Files.size(minBtf) / full);
    assertThat(Files.size(minBtf)).isLessThan(full / 100);

    Tools.Run run = LoaderSoIT.python(so.toString(), "--btf", minBtf.toString(), "--command", LoaderSoIT.KNOWN_COMMAND);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("filename=" + LoaderSoIT.KNOWN_COMMAND);

    Tools.Run lbc = LoaderSoIT.python(so.toString(), "--lbc", "--command", LoaderSoIT.KNOWN_COMMAND);
    assertThat(lbc.exitCode()).as(lbc.output()).isZero();
    assertThat(lbc.output()).contains("filename=" + LoaderSoIT.KNOWN_COMMAND);
  }
}
