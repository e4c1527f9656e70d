package dev.bpfforge.service.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What CI and target hosts download from a build: the per-kernel bundle (tar.gz and zip) with its
 * manifest, one file of one target, and a release by name and version (or latest), for a build of
 * four kernels: this host's, and 5.10 amd64, 6.1 amd64 and 6.1 arm64 from ../shared/btf.
 */
class BundleIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");
  static final List<String> FOUR_KERNELS = List.of(HOST + "@x86_64", "5.10.0-32-amd64@x86_64", "6.1.0-50-amd64@x86_64",
      "6.1.0-50-arm64@arm64");

  @TempDir Path tmp;

  @BeforeEach
  void catalogHoldsTheSharedKernels() {
    Fixtures.requireToolchain();
    Fixtures.requireSharedBtf();
    for (Fixtures.SharedKernel kernel : Fixtures.SHARED_KERNELS) {
      assertThat(client().uploadKernel(kernel.file(), kernel.release(), kernel.arch()).statusCode()).isIn(200, 201);
    }
  }

  /** Submits execsnoop for {@code kernels} and waits until the build has finished; answers the build. */
  private JsonNode build(String name, String version, List<String> kernels, String... defines) {
    List<Part> parts = new ArrayList<>(ForgeClient.example("execsnoop"));
    kernels.forEach(k -> parts.add(Part.field("kernel", k)));
    parts.add(Part.field("name", name));
    parts.add(Part.field("version", version));
    for (String define : defines) {
      parts.add(Part.field("define", define));
    }
    HttpResponse<byte[]> submitted = client().post("/v1/builds", parts);
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    return await(submitted.headers().firstValue("Location").orElseThrow());
  }

  private JsonNode await(String location) {
    JsonNode build = ForgeClient.json(client().get(location));
    for (int polls = 0; polls < 10 && List.of("QUEUED", "RUNNING").contains(build.get("state").asText()); polls++) {
      build = ForgeClient.json(client().get(location + "?wait=120s"));
    }
    assertThat(build.get("state").asText()).as(build.toString()).isNotIn("QUEUED", "RUNNING");
    return build;
  }

  private static JsonNode json(byte[] content) throws java.io.IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(content);
  }

  /** The object's file name: the build's name as a C identifier (what the skeleton is named after). */
  private static String objectOf(JsonNode build) {
    return build.get("name").asText().replaceAll("[^A-Za-z0-9_]", "_") + ".o";
  }

  private static String uniqueName() {
    return "bundle-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void bundleOfFourKernelsHoldsEveryManifestFileWithItsDigestAndIsReproducible() throws Exception {
    JsonNode build = build(uniqueName(), "1.0.0", FOUR_KERNELS);
    assertThat(build.get("state").asText()).as(build.toString()).isEqualTo("SUCCEEDED");
    String object = objectOf(build);
    String id = build.get("id").asText();

    HttpResponse<byte[]> first = client().get("/v1/builds/" + id + "/bundle");
    HttpResponse<byte[]> second = client().get("/v1/builds/" + id + "/bundle");
    assertThat(first.statusCode()).as(ForgeClient.text(first)).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/gzip");
    assertThat(second.body()).as("two downloads of one build").isEqualTo(first.body());
    assertThat(first.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(first.body()).hex() + "\"");

    Map<String, Archives.TarFile> entries = Archives.tarGzEntries(first.body());
    JsonNode manifest = json(entries.get("manifest.json").content());
    assertThat(manifest.get("build").asText()).isEqualTo(id);
    assertThat(manifest.get("name").asText()).isEqualTo(build.get("name").asText());
    assertThat(manifest.get("version").asText()).isEqualTo("1.0.0");
    assertThat(manifest.get("sourceSha256").asText()).isEqualTo(build.get("sourceSha256").asText());
    assertThat(manifest.get("failed")).isEmpty();
    assertThat(manifest.get("targets")).hasSize(4);
    TreeSet<String> listed = new TreeSet<>();
    for (JsonNode target : manifest.get("targets")) {
      assertThat(target.get("toolchain").get("id").asText()).isNotBlank();
      assertThat(target.get("toolchain").get("clang").asText()).isNotBlank();
      assertThat(target.get("files")).isNotEmpty();
      for (JsonNode file : target.get("files")) {
        String path = file.get("path").asText();
        assertThat(path).isEqualTo(target.get("release").asText() + "/" + target.get("arch").asText() + "/" + file.get("name").asText());
        byte[] content = entries.get(path).content();
        assertThat(Sha256.of(content).hex()).as(path).isEqualTo(file.get("sha256").asText());
        assertThat((long) content.length).as(path).isEqualTo(file.get("size").asLong());
        listed.add(path);
      }
    }
    assertThat(listed).contains(HOST + "/x86_64/" + object, "5.10.0-32-amd64/x86_64/" + object,
        "6.1.0-50-amd64/x86_64/" + object, "6.1.0-50-arm64/arm64/" + object);
    TreeSet<String> inArchive = new TreeSet<>(entries.keySet());
    inArchive.remove("manifest.json");
    assertThat(inArchive).as("the archive holds exactly the manifest's files").isEqualTo(listed);
    assertThat(new ArrayList<>(entries.keySet())).as("entries in path order").isSorted();
    assertThat(entries.values()).allSatisfy(f -> {
      assertThat(f.entry().getModTime().getTime()).isZero();
      assertThat(f.entry().getLongUserId()).isZero();
      assertThat(f.entry().getMode()).isEqualTo(0644);
    });
    assertThat(first.body()[4] | first.body()[5] | first.body()[6] | first.body()[7]).as("gzip header time").isZero();

    Path loaded = Files.write(tmp.resolve(object), entries.get(HOST + "/x86_64/" + object).content());
    Fixtures.requireVerifier();
    Tools.Run load = Tools.verifierLoad(loaded);
    assertThat(load.exitCode()).as("verifier: %s", load.output()).isZero();
  }

  @Test
  void zipBundleHoldsTheSameFilesAndIsReproducible() {
    JsonNode build = build(uniqueName(), "1.0.0", FOUR_KERNELS);
    String id = build.get("id").asText();
    HttpResponse<byte[]> zip = client().get("/v1/builds/" + id + "/bundle?format=zip");
    HttpResponse<byte[]> again = client().get("/v1/builds/" + id + "/bundle?format=zip");
    HttpResponse<byte[]> tar = client().get("/v1/builds/" + id + "/bundle");

    assertThat(zip.statusCode()).as(ForgeClient.text(zip)).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(again.body()).isEqualTo(zip.body());
    Map<String, byte[]> zipped = Archives.zip(zip.body());
    Map<String, byte[]> tarred = Archives.tarGz(tar.body());
    assertThat(zipped.keySet()).containsExactlyElementsOf(tarred.keySet());
    tarred.forEach((path, content) -> assertThat(zipped.get(path)).as(path).isEqualTo(content));

    HttpResponse<byte[]> badFormat = client().get("/v1/builds/" + id + "/bundle?format=rar");
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(ForgeClient.json(badFormat).get("type").asText()).endsWith("/invalid-request");
  }

  @Test
  void partialBuildBundleHoldsWhatSucceededAndItsManifestListsTheFailure() throws Exception {
    // The program refuses to build for arm64: one target of two fails with a compile error.
    List<Part> parts = List.of(
        Part.file("file", "bpf.c", ("#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
            + "#ifdef __TARGET_ARCH_arm64\n#error this program is x86 only\n#endif\n"
            + "SEC(\"xdp\") int pass(struct xdp_md *ctx) { return XDP_PASS; }\n"
            + "char LICENSE[] SEC(\"license\") = \"GPL\";\n").getBytes(StandardCharsets.UTF_8)),
        Part.field("kernel", "6.1.0-50-amd64@x86_64"), Part.field("kernel", "6.1.0-50-arm64@arm64"),
        Part.field("name", uniqueName()), Part.field("version", "0.1"));
    HttpResponse<byte[]> submitted = client().post("/v1/builds", parts);
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    JsonNode build = await(submitted.headers().firstValue("Location").orElseThrow());
    assertThat(build.get("state").asText()).isEqualTo("PARTIAL");
    String object = objectOf(build);

    HttpResponse<byte[]> bundle = client().get("/v1/builds/" + build.get("id").asText() + "/bundle");
    assertThat(bundle.statusCode()).isEqualTo(200);
    Map<String, byte[]> files = Archives.tarGz(bundle.body());
    assertThat(files.keySet()).containsExactly("6.1.0-50-amd64/x86_64/" + object, "manifest.json");
    JsonNode manifest = json(files.get("manifest.json"));
    assertThat(manifest.get("state").asText()).isEqualTo("PARTIAL");
    assertThat(manifest.get("targets")).singleElement().satisfies(t -> assertThat(t.get("arch").asText()).isEqualTo("x86_64"));
    assertThat(manifest.get("failed")).singleElement().satisfies(f -> {
      assertThat(f.get("release").asText()).isEqualTo("6.1.0-50-arm64");
      assertThat(f.get("arch").asText()).isEqualTo("arm64");
      assertThat(f.get("state").asText()).isEqualTo("FAILED");
      assertThat(f.get("failure").get("kind").asText()).isEqualTo("COMPILE_ERROR");
      assertThat(f.get("failure").get("message").asText()).isNotBlank();
    });

    HttpResponse<byte[]> failedFile = client().get("/v1/builds/" + build.get("id").asText() + "/artifacts/6.1.0-50-arm64/arm64/" + object);
    assertThat(failedFile.statusCode()).isEqualTo(404);
    assertThat(ForgeClient.json(failedFile).get("detail").asText()).contains("did not succeed");
  }

  @Test
  void oneFileOfOneTargetAndReleasesByVersionAndLatest() {
    String name = uniqueName();
    JsonNode v1 = build(name, "1.0.0", List.of(HOST + "@x86_64", "6.1.0-50-arm64@arm64"));
    String object = objectOf(v1);
    String id = v1.get("id").asText();
    byte[] hostObject = client().get(v1.get("targets").get(0).get("artifacts").get(0).get("href").asText()).body();

    HttpResponse<byte[]> file = client().get("/v1/builds/" + id + "/artifacts/" + HOST + "/x86_64/" + object);
    assertThat(file.statusCode()).as(ForgeClient.text(file)).isEqualTo(200);
    assertThat(file.body()).isEqualTo(hostObject);
    assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + object + "\"");
    assertThat(file.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(hostObject).hex() + "\"");
    assertThat(client().get("/v1/builds/" + id + "/artifacts/" + HOST + "/amd64/" + object).body())
        .as("arch by its Debian name too").isEqualTo(hostObject);
    HttpResponse<byte[]> noFile = client().get("/v1/builds/" + id + "/artifacts/" + HOST + "/x86_64/nope.o");
    assertThat(noFile.statusCode()).isEqualTo(404);
    assertThat(ForgeClient.json(noFile).get("type").asText()).endsWith("/artifact-not-found");
    assertThat(ForgeClient.json(noFile).get("detail").asText()).contains(object);
    HttpResponse<byte[]> noTarget = client().get("/v1/builds/" + id + "/artifacts/5.10.0-32-amd64/x86_64/" + object);
    assertThat(noTarget.statusCode()).isEqualTo(404);
    assertThat(ForgeClient.json(noTarget).get("type").asText()).endsWith("/target-not-found");

    String path = "/" + HOST + "/x86_64/" + object;
    assertThat(client().get("/v1/releases/" + name + "/1.0.0" + path).body()).isEqualTo(hostObject);
    HttpResponse<byte[]> latest = client().get("/v1/releases/" + name + "/latest" + path);
    assertThat(latest.statusCode()).isEqualTo(200);
    assertThat(latest.body()).isEqualTo(hostObject);
    assertThat(latest.headers().firstValue("X-BpfForge-Build")).hasValue(id);
    assertThat(latest.headers().firstValue("Cache-Control")).hasValue("no-cache");

    // A newer build for the host only (a define makes it a new action, not a cache hit): latest
    // moves to it, 1.0.0 stays, and latest for arm64 is still the older build, the newest that has that target.
    JsonNode v2 = build(name, "1.1.0", List.of(HOST + "@x86_64"), "BPFFORGE_RELEASE_TEST=" + System.nanoTime());
    assertThat(v2.get("id").asText()).isNotEqualTo(id);
    assertThat(client().get("/v1/releases/" + name + "/latest" + path).headers().firstValue("X-BpfForge-Build"))
        .hasValue(v2.get("id").asText());
    assertThat(client().get("/v1/releases/" + name + "/1.1.0" + path).headers().firstValue("X-BpfForge-Build"))
        .hasValue(v2.get("id").asText());
    assertThat(client().get("/v1/releases/" + name + "/1.0.0" + path).headers().firstValue("X-BpfForge-Build")).hasValue(id);
    assertThat(client().get("/v1/releases/" + name + "/latest/6.1.0-50-arm64/arm64/" + object).headers()
        .firstValue("X-BpfForge-Build")).hasValue(id);

    HttpResponse<byte[]> unknown = client().get("/v1/releases/" + name + "/9.9.9" + path);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(ForgeClient.json(unknown).get("type").asText()).endsWith("/release-not-found");
  }

  @Test
  void downloadsAnswerRangeAndIfNoneMatch() {
    JsonNode build = build(uniqueName(), "1.0.0", List.of("6.1.0-50-amd64@x86_64"));
    String id = build.get("id").asText();
    String object = objectOf(build);
    String sha = build.get("targets").get(0).get("artifacts").get(0).get("sha256").asText();
    String etag = "\"" + sha + "\"";
    for (String url : List.of("/v1/artifacts/" + sha, "/v1/builds/" + id + "/artifacts/6.1.0-50-amd64/x86_64/" + object,
        "/v1/releases/" + build.get("name").asText() + "/latest/6.1.0-50-amd64/x86_64/" + object)) {
      byte[] whole = client().get(url).body();
      HttpResponse<byte[]> head = client().get(url, "Range", "bytes=0-15");
      assertThat(head.statusCode()).as(url).isEqualTo(206);
      assertThat(head.headers().firstValue("Content-Range")).as(url).hasValue("bytes 0-15/" + whole.length);
      assertThat(head.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 0, 16));
      HttpResponse<byte[]> tail = client().get(url, "Range", "bytes=-10");
      assertThat(tail.statusCode()).isEqualTo(206);
      assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, whole.length - 10, whole.length));
      HttpResponse<byte[]> beyond = client().get(url, "Range", "bytes=" + whole.length + "-");
      assertThat(beyond.statusCode()).as(url).isEqualTo(416);
      assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + whole.length);

      for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
        HttpResponse<byte[]> notModified = client().get(url, "If-None-Match", ifNoneMatch);
        assertThat(notModified.statusCode()).as(url + " If-None-Match: " + ifNoneMatch).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().allValues("ETag")).containsExactly(etag);
      }
      assertThat(client().get(url, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    HttpResponse<byte[]> bundle = client().get("/v1/builds/" + id + "/bundle");
    String bundleTag = bundle.headers().firstValue("ETag").orElseThrow();
    assertThat(client().get("/v1/builds/" + id + "/bundle", "If-None-Match", bundleTag).statusCode()).isEqualTo(304);
    HttpResponse<byte[]> part = client().get("/v1/builds/" + id + "/bundle", "Range", "bytes=10-19");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(bundle.body(), 10, 20));
  }

  @Test
  void bundleOfAnUnfinishedBuildIs409AndOfNoBuild404() {
    UUID running = UUID.randomUUID();
    // The admin token's tenant (bpfforge.auth.admin-tenant): another tenant's build would be "not found".
    jdbc.update("insert into builds (id, created_at, state, entry, source_sha256, sources_blob, options, tenant)"
        + " values (?, now(), 'RUNNING', 'bpf.c', ?, ?, '{}'::jsonb, 'admin')", running, "0".repeat(64), "0".repeat(64));
    HttpResponse<byte[]> notFinished = client().get("/v1/builds/" + running + "/bundle");
    assertThat(notFinished.statusCode()).isEqualTo(409);
    assertThat(notFinished.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(ForgeClient.json(notFinished).get("type").asText()).isEqualTo("https://bpfforge.dev/problems/build-not-finished");
    assertThat(ForgeClient.json(notFinished).get("build").asText()).isEqualTo(running.toString());

    HttpResponse<byte[]> none = client().get("/v1/builds/" + UUID.randomUUID() + "/bundle");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(ForgeClient.json(none).get("type").asText()).endsWith("/build-not-found");
    assertThat(client().get("/v1/builds/not-a-uuid/bundle").statusCode()).isEqualTo(400);
  }
}
