package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every artifact kind through the HTTP API and the bubblewrap executor, for the host kernel, each
 * checked with the tool a user would use it with: the skeleton with cc, the minimized BTF with
 * bpftool and libbpf (loading the object with the kernel's own BTF withheld), the object with the
 * verifier, the manifest against the bytes it describes.
 */
class ArtifactPlanIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");
  static final List<String> EVERY_FILE =
      List.of("execsnoop.min.btf", "execsnoop.o", "execsnoop.skel.h", "execsnoop.so", "manifest.json");
  /** Every kind made by the tools of this project's plan; so is the loader branch's linker, checked in its own test. */
  static final String ALL_BUT_SO = "o,skel,btf,manifest";

  @TempDir Path tmp;

  @BeforeEach
  void hostToolsAndKernel() {
    Fixtures.requireToolchain();
    Fixtures.requireVerifier();
  }

  private HttpResponse<byte[]> compile(String example, String... artifacts) {
    List<Part> parts = new ArrayList<>(ForgeClient.example(example));
    parts.add(Part.field("kernel", HOST));
    for (String artifact : artifacts) {
      parts.add(Part.field("artifact", artifact));
    }
    HttpResponse<byte[]> response = client().post("/v1/compile", parts);
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    return response;
  }

  /** execsnoop with the given kinds, unpacked; the action cache makes every call after the first a hit. */
  private Map<String, byte[]> kinds(String artifacts) throws IOException {
    HttpResponse<byte[]> response = compile("execsnoop", artifacts);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/gzip");
    assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"execsnoop.tar.gz\"");
    return untar(response.body());
  }

  private Path save(String name, byte[] content) throws IOException {
    return Files.write(tmp.resolve(name), content);
  }

  @Test
  void allIsATarGzOfEveryKindNamedAfterTheEntry() throws IOException {
    Fixtures.requireLoaderLinker();
    Map<String, byte[]> all = kinds("all");

    assertThat(all).containsOnlyKeys(EVERY_FILE);
    assertThat(Tools.elfType(all.get("execsnoop.so"))).as("a shared object").isEqualTo(3);
    assertThat(new ObjectMapper().readTree(all.get("manifest.json")).get("artifacts").findValuesAsText("name"))
        .containsExactly("execsnoop.o", "execsnoop.skel.h", "execsnoop.min.btf", "execsnoop.so");
  }

  @Test
  void manifestListsEveryArtifactWithItsDigestAndTheInputs() throws IOException {
    Map<String, byte[]> files = kinds(ALL_BUT_SO);
    JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json"));

    assertThat(manifest.get("name").asText()).isEqualTo("execsnoop");
    assertThat(manifest.get("artifacts")).hasSize(3).allSatisfy(a -> {
      byte[] content = files.get(a.get("name").asText());
      assertThat(content).as(a.get("name").asText()).isNotNull();
      assertThat(a.get("size").asLong()).isEqualTo(content.length);
      assertThat(a.get("sha256").asText()).isEqualTo(Sha256.of(content).hex());
    });
    assertThat(manifest.get("artifacts").findValuesAsText("kind")).containsExactly("o", "skel", "btf");
    JsonNode inputs = manifest.get("inputs");
    JsonNode kernel = ForgeClient.json(client().get("/v1/kernels/" + HOST));
    assertThat(inputs.at("/kernel/release").asText()).isEqualTo(HOST);
    assertThat(inputs.at("/kernel/btfSha256").asText()).isEqualTo(kernel.get("btfSha256").asText());
    assertThat(inputs.at("/sources/entry").asText()).isEqualTo("execsnoop.bpf.c");
    assertThat(inputs.at("/sources/entrySha256").asText())
        .isEqualTo(Sha256.of(Files.readAllBytes(Fixtures.EXAMPLES.resolve("execsnoop/execsnoop.bpf.c"))).hex());
    assertThat(inputs.at("/toolchain/id").asText()).isEqualTo("local");
    assertThat(inputs.at("/toolchain/clang").asText()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(inputs.at("/options/mcpu").asText()).isEqualTo("v3");
    assertThat(inputs.at("/options/strip").asBoolean()).isFalse();
  }

  @Test
  void skeletonHeaderCompilesAgainstLibbpfHeaders() throws Exception {
    Map<String, byte[]> files = kinds(ALL_BUT_SO);
    save("execsnoop.skel.h", files.get("execsnoop.skel.h"));
    Path user = Files.writeString(tmp.resolve("user.c"), "#include \"execsnoop.skel.h\"\n"
        + "int main(void) { struct execsnoop *skel = execsnoop__open_and_load(); execsnoop__destroy(skel); return 0; }\n");

    Tools.Run cc = Tools.run(List.of("cc", "-fsyntax-only", "-Wall", "-Werror", "-I", tmp.toString(), user.toString()));

    assertThat(cc.exitCode()).as(cc.output()).isZero();
    assertThat(new String(files.get("execsnoop.skel.h"), StandardCharsets.UTF_8)).contains("struct execsnoop {");
  }

  @Test
  void minimizedBtfIsMuchSmallerThanTheKernelsAndParses() throws Exception {
    Path minBtf = save("execsnoop.min.btf", kinds(ALL_BUT_SO).get("execsnoop.min.btf"));
    long full = Files.size(Fixtures.HOST_BTF);
    long min = Files.size(minBtf);
    System.out.printf("minimized BTF of execsnoop for %s: %d bytes; the kernel's BTF: %d bytes (%.0fx smaller)%n",
        HOST, min, full, (double) full / min);

    Tools.Run dump = Tools.run(List.of("bpftool", "btf", "dump", "file", minBtf.toString()));

    assertThat(dump.exitCode()).as(dump.output()).isZero();
    assertThat(dump.output()).contains("STRUCT 'task_struct'");
    assertThat(min * 100).as("at least 100x smaller").isLessThan(full);
  }

  @Test
  void objectLoadsWithItsMinimizedBtfWhenTheKernelBtfIsWithheld() throws Exception {
    Map<String, byte[]> files = kinds(ALL_BUT_SO);
    Path object = save("execsnoop.o", files.get("execsnoop.o"));
    Path minBtf = save("execsnoop.min.btf", files.get("execsnoop.min.btf"));

    Tools.Run withMin = Tools.loadWithCustomBtf(object, minBtf);
    Tools.Run withGarbage = Tools.loadWithCustomBtf(object, save("garbage.btf", "not BTF".getBytes(StandardCharsets.UTF_8)));

    assertThat(withMin.exitCode()).as(withMin.output()).isZero();
    assertThat(withMin.output()).contains("found target candidate", "harness: loaded");
    assertThat(withGarbage.exitCode()).as("libbpf really reads the custom BTF: " + withGarbage.output()).isNotZero();
    Tools.Run verifier = Tools.verifierLoad(object);
    assertThat(verifier.exitCode()).as(verifier.output()).isZero();
  }

  @Test
  void oneKindSelectedIsTheBodyItself() throws IOException {
    HttpResponse<byte[]> skel = compile("execsnoop", "skel");
    HttpResponse<byte[]> btf = compile("execsnoop", "btf");

    assertThat(skel.headers().firstValue("Content-Type")).hasValue("text/x-c");
    assertThat(skel.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"execsnoop.skel.h\"");
    assertThat(btf.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"execsnoop.min.btf\"");
    assertThat(skel.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(skel.body()).hex() + "\"");
    Map<String, byte[]> all = kinds(ALL_BUT_SO);
    assertThat(skel.body()).as("the same inputs make the same skeleton").isEqualTo(all.get("execsnoop.skel.h"));
    assertThat(btf.body()).isEqualTo(all.get("execsnoop.min.btf"));
  }

  @Test
  void severalKindsAreATarGzOfJustThose() throws IOException {
    HttpResponse<byte[]> response = compile("xdpcount", "btf,manifest");

    assertThat(untar(response.body())).containsOnlyKeys("xdpcount.min.btf", "manifest.json");
  }

  @Test
  void aBuildsNameNamesItsArtifactsAsACIdentifierAndTheBuildListsThemAll() throws IOException {
    List<Part> parts = new ArrayList<>(ForgeClient.example("execsnoop"));
    parts.add(Part.field("kernel", HOST));
    parts.add(Part.field("name", "exec-snoop.v2"));
    parts.add(Part.field("artifact", "skel"));
    parts.add(Part.field("artifact", "manifest"));
    HttpResponse<byte[]> submitted = client().post("/v1/builds", parts);
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);

    JsonNode build = ForgeClient.json(client().get(submitted.headers().firstValue("Location").orElseThrow() + "?wait=120s"));

    assertThat(build.get("state").asText()).as(build.toString()).isEqualTo("SUCCEEDED");
    assertThat(build.at("/options/artifact").toString()).isEqualTo("[\"skel\",\"manifest\"]");
    JsonNode artifacts = build.get("targets").get(0).get("artifacts");
    Map<String, String> names = new TreeMap<>();
    artifacts.forEach(a -> names.put(a.get("kind").asText(), a.get("name").asText()));
    assertThat(names).containsExactlyInAnyOrderEntriesOf(Map.of(
        "o", "exec_snoop_v2.o", "skel", "exec_snoop_v2.skel.h", "manifest", "manifest.json"));
    for (JsonNode artifact : artifacts) {
      HttpResponse<byte[]> fetched = client().get(artifact.get("href").asText());
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(Sha256.of(fetched.body()).hex()).isEqualTo(artifact.get("sha256").asText());
      if (artifact.get("kind").asText().equals("skel")) {
        assertThat(ForgeClient.text(fetched)).contains("struct exec_snoop_v2 {");
      }
    }
  }

  @Test
  void anEntryWithSpacesReachesClangAsOneArgument() throws IOException {
    List<Part> parts = List.of(
        Part.file("file", "my prog.bpf.c", Files.readAllBytes(Fixtures.EXAMPLES.resolve("xdpcount/xdpcount.bpf.c"))),
        Part.file("file", "include/common.h", Files.readAllBytes(Fixtures.EXAMPLES.resolve("xdpcount/include/common.h"))),
        Part.field("include", "include"), Part.field("kernel", HOST), Part.field("artifact", "skel"));

    HttpResponse<byte[]> response = client().post("/v1/compile", parts);

    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"my_prog.skel.h\"");
    assertThat(ForgeClient.text(response)).contains("struct my_prog {");
  }

  static Map<String, byte[]> untar(byte[] tarGz) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        files.put(entry.getName(), tar.readAllBytes());
      }
    }
    return files;
  }
}
