package dev.bpfforge.service.compile;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled example, compiled through the HTTP API for the host kernel and for each kernel in
 * ../shared/btf. Host objects go through the running kernel's verifier; cross-kernel objects must
 * be BPF ELF with BTF and CO-RE relocations.
 */
class ExamplesCompileIT extends ServiceIT {
  static final List<String> EXAMPLES = List.of("execsnoop", "unlinksnoop", "mallocsnoop", "usdtsnoop", "xdpcount");
  static final String HOST = System.getProperty("os.version");

  @TempDir Path tmp;

  @BeforeEach
  void catalogHoldsTheSharedKernels() {
    Fixtures.requireToolchain();
    Fixtures.requireSharedBtf();
    for (Fixtures.SharedKernel kernel : Fixtures.SHARED_KERNELS) {
      int status = client().uploadKernel(kernel.file(), kernel.release(), kernel.arch()).statusCode();
      assertThat(status).as("upload of %s", kernel.release()).isIn(200, 201);
    }
    Fixtures.require(java.nio.file.Files.isReadable(Fixtures.DEBIAN_PACKAGE), "the Debian kernel package " + Fixtures.DEBIAN_PACKAGE);
    // The package names its own release and arch: the catalog reads them from its metadata.
    HttpResponse<byte[]> deb = client().post("/v1/kernels",
        List.of(Part.file("file", Fixtures.DEBIAN_PACKAGE.getFileName().toString(), Fixtures.DEBIAN_PACKAGE)));
    assertThat(deb.statusCode()).as(ForgeClient.text(deb)).isIn(200, 201);
  }

  static Stream<Arguments> examplesForEveryKernel() {
    List<Arguments> cases = new ArrayList<>();
    for (String example : EXAMPLES) {
      cases.add(Arguments.of(example, HOST));
      Fixtures.SHARED_KERNELS.forEach(k -> cases.add(Arguments.of(example, k.release())));
      cases.add(Arguments.of(example, Fixtures.DEBIAN_PACKAGE_RELEASE));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} for {1}")
  @MethodSource("examplesForEveryKernel")
  void exampleCompilesToACoreObjectForTheKernel(String example, String kernel) throws Exception {
    List<Part> parts = new ArrayList<>(ForgeClient.example(example));
    parts.add(Part.field("kernel", kernel));
    HttpResponse<byte[]> response = client().post("/v1/compile", parts);

    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(example + ".o"));
    assertThat(response.headers().firstValue("X-BpfForge-Vmlinux")).hasValue("target");
    assertThat(response.headers().firstValue("X-BpfForge-Build")).isPresent();
    Path object = Files.write(tmp.resolve(example + ".o"), response.body());
    assertThat(Tools.elfMachine(response.body())).as("EM_BPF").isEqualTo(247);
    assertThat(Tools.sections(object)).contains(".BTF ", ".BTF.ext");
    assertThat(Tools.coreRelocationBytes(object)).as("CO-RE relocations in .BTF.ext").isPositive();

    if (kernel.equals(HOST)) {
      Fixtures.requireVerifier();
      Tools.Run load = Tools.verifierLoad(object);
      assertThat(load.exitCode()).as("verifier: %s", load.output()).isZero();
    }
  }

  @Test
  void secondCompileIsACacheHitWithIdenticalBytesAndBypassRecompiles() {
    List<Part> parts = new ArrayList<>(ForgeClient.example("execsnoop"));
    parts.add(Part.field("kernel", "6.1.0-50-arm64"));
    parts.add(Part.field("define", "BPFFORGE_CACHE_TEST=" + System.nanoTime())); // a key no other test made
    HttpResponse<byte[]> first = client().post("/v1/compile", parts);
    HttpResponse<byte[]> second = client().post("/v1/compile", parts);
    parts.add(Part.field("cache", "bypass"));
    HttpResponse<byte[]> bypassed = client().post("/v1/compile", parts);

    assertThat(first.statusCode()).as(ForgeClient.text(first)).isEqualTo(200);
    assertThat(first.headers().firstValue("X-BpfForge-Cache")).hasValue("miss");
    assertThat(second.headers().firstValue("X-BpfForge-Cache")).hasValue("hit");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
    assertThat(second.headers().firstValue("X-BpfForge-Build")).isNotEqualTo(first.headers().firstValue("X-BpfForge-Build"));
    assertThat(bypassed.headers().firstValue("X-BpfForge-Cache")).hasValue("miss");
    assertThat(bypassed.body()).as("the compile is reproducible").isEqualTo(first.body());
  }

  @Test
  void vmlinuxHeaderIsGeneratedOncePerKernel() throws Exception {
    Path cache = DATA_DIR.resolve("cache/vmlinux");
    List<Part> parts = new ArrayList<>(ForgeClient.example("xdpcount"));
    parts.add(Part.field("kernel", "5.10.0-32-amd64"));
    parts.add(Part.field("cache", "bypass"));
    assertThat(client().post("/v1/compile", parts).statusCode()).isEqualTo(200);
    List<Path> headers;
    try (Stream<Path> files = Files.walk(cache)) {
      headers = files.filter(p -> p.getFileName().toString().equals("vmlinux.h")).toList();
    }
    String digest = ForgeClient.json(client().get("/v1/kernels/5.10.0-32-amd64")).get("btfSha256").asText();
    Path header = headers.stream().filter(h -> h.getParent().getFileName().toString().equals(digest)).findFirst().orElseThrow();
    var generated = Files.getLastModifiedTime(header);
    assertThat(client().post("/v1/compile", parts).statusCode()).isEqualTo(200);
    assertThat(Files.getLastModifiedTime(header)).isEqualTo(generated);
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("vmlinux.h")).count()).isEqualTo(headers.size());
    }
  }

  @Test
  void allArtifactsComeAsATarGzHoldingEveryKind() throws Exception {
    Fixtures.requireLoaderLinker();
    List<Part> parts = new ArrayList<>(ForgeClient.example("mallocsnoop"));
    parts.add(Part.field("kernel", "6.1.0-50-amd64"));
    parts.add(Part.field("artifact", "all"));
    HttpResponse<byte[]> response = client().post("/v1/compile", parts);
    assertThat(response.statusCode()).isEqualTo(200);
    Path archive = Files.write(tmp.resolve("all.tar.gz"), response.body());
    Tools.Run list = Tools.run(List.of("tar", "-tzf", archive.toString()));
    assertThat(list.output().strip().split("\n")).containsExactly(
        "mallocsnoop.min.btf", "mallocsnoop.o", "mallocsnoop.skel.h", "mallocsnoop.so", "manifest.json");
  }
}
