package dev.bpfforge.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The running service held to {@code api-spec/openapi.yaml}: the spec and the controllers
 * declare the same operations, and real responses (success and every kind of problem) have the
 * status, content type, headers and JSON body the spec declares for them.
 */
class OpenApiContractIT extends ServiceIT {
  private static final OpenApiContract CONTRACT = OpenApiContract.load();
  private static final String HOST = System.getProperty("os.version");
  private static final String COMPILE = "POST /v1/compile";
  private static final String ADD_KERNEL = "POST /v1/kernels";
  private static final String LIST_KERNELS = "GET /v1/kernels";
  private static final String GET_KERNEL = "GET /v1/kernels/{release}";
  private static final String SUBMIT_BUILD = "POST /v1/builds";
  private static final String LIST_BUILDS = "GET /v1/builds";
  private static final String GET_BUILD = "GET /v1/builds/{id}";
  private static final String CANCEL_BUILD = "DELETE /v1/builds/{id}";
  private static final String GET_LOG = "GET /v1/builds/{id}/targets/{index}/log";
  private static final String GET_ARTIFACT = "GET /v1/artifacts/{sha256}";
  private static final String LIST_TOOLCHAINS = "GET /v1/toolchains";
  private static final String GET_BUNDLE = "GET /v1/builds/{id}/bundle";
  private static final String GET_BUILD_FILE = "GET /v1/builds/{id}/artifacts/{release}/{arch}/{file}";
  private static final String GET_RELEASE_FILE = "GET /v1/releases/{name}/{version}/{release}/{arch}/{file}";
  private static final String LBC = "POST /lbc";

  /** Values for path parameters when probing an operation: well-formed, naming nothing that exists. */
  private static final Map<String, String> PROBE_VALUES = Map.of("release", "0.0.0-contract-probe",
      "id", "00000000-0000-4000-8000-000000000000", "index", "0", "sha256", "0".repeat(64),
      "arch", "x86_64", "file", "probe.o", "name", "contract-probe", "version", "latest");

  private static final String XDP = """
      #include "vmlinux.h"
      #include <bpf/bpf_helpers.h>
      #include "verdict.h"

      SEC("xdp")
      int contract_pass(struct xdp_md *ctx)
      {
      	return VERDICT;
      }

      char LICENSE[] SEC("license") = "GPL";
      """;
  private static final String VERDICT_H = "#ifndef VERDICT\n#define VERDICT XDP_PASS\n#endif\n";

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping mappings;

  @Test
  void specIsAValidOpenApi31Document() {
    assertThat(CONTRACT.parseMessages()).as("swagger-parser's findings in " + OpenApiContract.RESOURCE).isEmpty();
    assertThat(CONTRACT.openApiVersion()).startsWith("3.1");
  }

  @Test
  void specAndControllersDeclareTheSameOperations() {
    Set<String> handlers = new TreeSet<>();
    Map<String, Set<String>> consumes = new TreeMap<>();
    mappings.getHandlerMethods().forEach((info, method) -> {
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/v1/")) {
          continue;
        }
        assertThat(info.getMethodsCondition().getMethods()).as(method + " must name its HTTP method").isNotEmpty();
        info.getMethodsCondition().getMethods().forEach(m -> {
          String operation = m.name() + " " + pattern;
          handlers.add(operation);
          consumes.put(operation, new TreeSet<>(info.getConsumesCondition().getConsumableMediaTypes().stream()
              .map(MediaType::toString).toList()));
        });
      }
    });
    Set<String> specified = new TreeSet<>(CONTRACT.operations().stream().filter(o -> o.contains(" /v1/")).toList());

    assertThat(difference(handlers, specified)).as("handlers the spec does not describe").isEmpty();
    assertThat(difference(specified, handlers)).as("spec operations no handler serves").isEmpty();
    consumes.forEach((operation, types) -> assertThat(CONTRACT.requestMediaTypes(operation))
        .as("request media types of " + operation).isEqualTo(types));
  }

  @Test
  void everySpecifiedOperationIsServedAndAnswersAsSpecified() {
    for (String operation : CONTRACT.operations()) {
      String path = operation.substring(operation.indexOf(' ') + 1);
      for (String name : OpenApiContract.pathParameters(path)) {
        path = path.replace("{" + name + "}", PROBE_VALUES.get(name));
      }
      String method = operation.substring(0, operation.indexOf(' '));
      HttpResponse<byte[]> response = method.equals("POST") ? client().post(path, List.of()) : send(method, path);
      // A path or method Spring does not map answers 404 not-found or 405: the operation is not served.
      assertThat(response.statusCode()).as(operation + " is served").isNotEqualTo(405);
      if (response.statusCode() == 404) {
        assertThat(ForgeClient.json(response).path("type").asText()).as(operation + " is served").doesNotEndWith("/not-found");
      }
      CONTRACT.check(operation, response);
    }
    assertThat(CONTRACT.answeredOperations()).containsAll(CONTRACT.operations());
  }

  @Test
  void kernelCatalogAnswersAsSpecified() {
    Fixtures.requireSharedBtf();
    Fixtures.SharedKernel k510 = Fixtures.SHARED_KERNELS.get(0);
    Fixtures.SharedKernel k61 = Fixtures.SHARED_KERNELS.get(1);

    HttpResponse<byte[]> added = CONTRACT.check(ADD_KERNEL, client().uploadKernel(k510.file(), k510.release(), "amd64"));
    assertThat(added.statusCode()).as(ForgeClient.text(added)).isIn(200, 201);
    assertThat(added.headers().firstValue("Location")).hasValue("/v1/kernels/" + k510.release() + "?arch=x86_64");
    HttpResponse<byte[]> again = CONTRACT.check(ADD_KERNEL, client().uploadKernel(k510.file(), k510.release(), k510.arch()));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(again).get("btfSha256")).isEqualTo(ForgeClient.json(added).get("btfSha256"));

    JsonNode list = ForgeClient.json(CONTRACT.check(LIST_KERNELS, client().get("/v1/kernels")));
    assertThat(list).anySatisfy(k -> assertThat(k.get("release").asText()).isEqualTo(k510.release()));
    HttpResponse<byte[]> shown = CONTRACT.check(GET_KERNEL, client().get("/v1/kernels/" + k510.release() + "?arch=x86_64"));
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(shown)).isEqualTo(ForgeClient.json(again));
    assertThat(CONTRACT.check(GET_KERNEL, client().get("/v1/kernels/" + k510.release())).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> unknown = CONTRACT.check(GET_KERNEL, client().get("/v1/kernels/" + k510.release() + "-nope"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(ForgeClient.json(unknown).get("closest").get(0).asText()).startsWith(k510.release());
    assertThat(CONTRACT.check(GET_KERNEL, client().get("/v1/kernels/not-a-release")).statusCode()).isEqualTo(400);
    assertThat(CONTRACT.check(GET_KERNEL, client().get("/v1/kernels/" + k510.release() + "?arch=sparc")).statusCode()).isEqualTo(400);

    HttpResponse<byte[]> conflict = CONTRACT.check(ADD_KERNEL, client().uploadKernel(k61.file(), k510.release(), k510.arch()));
    assertThat(conflict.statusCode()).isEqualTo(409);
    HttpResponse<byte[]> invalid = CONTRACT.check(ADD_KERNEL, client().post("/v1/kernels", List.of(
        Part.file("file", "x.btf", new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0}),
        Part.field("release", "9.9.9-contract"), Part.field("arch", "x86_64"))));
    assertThat(invalid.statusCode()).isEqualTo(422);
    HttpResponse<byte[]> misspelt = CONTRACT.check(ADD_KERNEL, client().post("/v1/kernels", List.of(
        Part.file("file", "x.btf", new byte[] {1}), Part.field("release", "9.9.9-contract"), Part.field("archh", "x86_64"))));
    assertThat(misspelt.statusCode()).isEqualTo(400);
    assertThat(ForgeClient.json(misspelt).get("field").asText()).isEqualTo("archh");
    HttpResponse<byte[]> notMultipart = CONTRACT.check(ADD_KERNEL, postJson("/v1/kernels", "{\"release\":\"6.1.0\"}"));
    assertThat(notMultipart.statusCode()).isEqualTo(415);
  }

  @Test
  void compileBuildLogAndArtifactAnswerAsSpecified() throws Exception {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the host kernel is the target)");
    JsonNode toolchains = ForgeClient.json(CONTRACT.check(LIST_TOOLCHAINS, client().get("/v1/toolchains")));
    assertThat(toolchains).isNotEmpty();
    String toolchain = toolchains.get(0).get("id").asText();

    List<Part> parts = new ArrayList<>(List.of(
        Part.file("file", "prog/xdp.bpf.c", XDP.getBytes(StandardCharsets.UTF_8)),
        Part.file("file", "prog/include/verdict.h", VERDICT_H.getBytes(StandardCharsets.UTF_8)),
        Part.field("entry", "prog/xdp.bpf.c"), Part.field("include", "prog/include"),
        Part.field("kernel", HOST), Part.field("arch", "amd64"), Part.field("toolchain", toolchain),
        Part.field("define", "VERDICT=2"), Part.field("mcpu", "v3"), Part.field("strip", "true"),
        Part.field("artifact", "o")));
    List<Part> bypass = new ArrayList<>(parts);
    bypass.add(Part.field("cache", "bypass"));
    HttpResponse<byte[]> compiled = CONTRACT.check(COMPILE, client().post("/v1/compile", bypass));
    assertThat(compiled.statusCode()).as(ForgeClient.text(compiled)).isEqualTo(200);
    assertThat(compiled.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(compiled.headers().firstValue("X-BpfForge-Cache")).hasValue("miss");
    assertThat(compiled.headers().firstValue("X-BpfForge-Vmlinux")).hasValue("target");
    assertThat(compiled.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"xdp.o\"");
    assertThat(Tools.elfMachine(compiled.body())).isEqualTo(247);
    String digest = Sha256.of(compiled.body()).hex();
    assertThat(compiled.headers().firstValue("ETag")).hasValue("\"" + digest + "\"");

    HttpResponse<byte[]> cached = CONTRACT.check(COMPILE, client().post("/v1/compile", parts));
    assertThat(cached.statusCode()).as(ForgeClient.text(cached)).isEqualTo(200);
    assertThat(cached.headers().firstValue("X-BpfForge-Cache")).hasValue("hit");
    assertThat(cached.body()).isEqualTo(compiled.body());

    List<Part> all = new ArrayList<>(parts.subList(0, parts.size() - 1));
    // Several kinds make an archive; so is left out here (the loader link has tests of its own).
    all.add(Part.field("artifact", "o,skel"));
    all.add(Part.field("artifact", "btf"));
    all.add(Part.field("artifact", "manifest"));
    HttpResponse<byte[]> archive = CONTRACT.check(COMPILE, client().post("/v1/compile", all));
    assertThat(archive.statusCode()).as(ForgeClient.text(archive)).isEqualTo(200);
    assertThat(archive.headers().firstValue("Content-Type")).hasValue("application/gzip");
    try (var gz = new GZIPInputStream(new ByteArrayInputStream(archive.body()))) {
      assertThat(gz.readAllBytes()).isNotEmpty();
    }

    String buildId = compiled.headers().firstValue("X-BpfForge-Build").orElseThrow();
    JsonNode build = ForgeClient.json(CONTRACT.check(GET_BUILD, client().get("/v1/builds/" + buildId)));
    assertThat(build.get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode target = build.get("targets").get(0);
    assertThat(target.get("artifacts").get(0).get("sha256").asText()).isEqualTo(digest);
    JsonNode cachedBuild = ForgeClient.json(CONTRACT.check(GET_BUILD,
        client().get("/v1/builds/" + cached.headers().firstValue("X-BpfForge-Build").orElseThrow())));
    assertThat(cachedBuild.get("targets").get(0).get("cacheHit").asBoolean()).isTrue();
    HttpResponse<byte[]> log = CONTRACT.check(GET_LOG, client().get(target.get("log").asText()));
    assertThat(log.statusCode()).isEqualTo(200);

    String href = target.get("artifacts").get(0).get("href").asText();
    HttpResponse<byte[]> artifact = CONTRACT.check(GET_ARTIFACT, client().get(href));
    assertThat(artifact.statusCode()).isEqualTo(200);
    assertThat(artifact.body()).isEqualTo(compiled.body());
    HttpResponse<byte[]> notModified = CONTRACT.check(GET_ARTIFACT,
        client().get(href, "If-None-Match", artifact.headers().firstValue("ETag").orElseThrow()));
    assertThat(notModified.statusCode()).isEqualTo(304);
  }

  @Test
  void asyncBuildsAnswerAsSpecified() {
    Fixtures.requireToolchain();
    Fixtures.requireSharedBtf();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the host kernel is a target)");
    Fixtures.SharedKernel k510 = Fixtures.SHARED_KERNELS.get(0);
    assertThat(client().uploadKernel(k510.file(), k510.release(), k510.arch()).statusCode()).isIn(200, 201);
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    HttpResponse<byte[]> submitted = CONTRACT.check(SUBMIT_BUILD, client().post("/v1/builds", List.of(
        Part.file("file", "prog/xdp.bpf.c", XDP.getBytes(StandardCharsets.UTF_8)),
        Part.file("file", "prog/include/verdict.h", VERDICT_H.getBytes(StandardCharsets.UTF_8)),
        Part.field("include", "prog/include"), Part.field("kernel", HOST + "@x86_64"), Part.field("kernel", k510.release()),
        Part.field("arch", "x86_64"), Part.field("define", "VERDICT=2"), Part.field("strip", "yes"),
        Part.field("artifact", "o"), Part.field("name", name), Part.field("version", "1.0.0"), Part.field("cache", "bypass"))));
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();

    JsonNode build = ForgeClient.json(CONTRACT.check(GET_BUILD, client().get(location + "?wait=120s")));
    assertThat(build.get("state").asText()).as(build.toString()).isEqualTo("SUCCEEDED");
    assertThat(build.get("targets")).hasSize(2);
    assertThat(CONTRACT.check(GET_LOG, client().get(build.get("targets").get(1).get("log").asText())).statusCode()).isEqualTo(200);

    JsonNode page = ForgeClient.json(CONTRACT.check(LIST_BUILDS, client().get("/v1/builds?name=" + name + "&state=succeeded")));
    assertThat(page.get("builds")).singleElement().satisfies(b -> assertThat(b.get("id").asText()).isEqualTo(build.get("id").asText()));
    assertThat(CONTRACT.check(LIST_BUILDS, client().get("/v1/builds")).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> cancelled = CONTRACT.check(CANCEL_BUILD, send("DELETE", location));
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(cancelled).get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void downloadsAndCoolbpfAnswerAsSpecified() throws Exception {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the host kernel is the target)");
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<byte[]> submitted = client().post("/v1/builds", List.of(
        Part.file("file", "prog/xdp.bpf.c", XDP.getBytes(StandardCharsets.UTF_8)),
        Part.file("file", "prog/include/verdict.h", VERDICT_H.getBytes(StandardCharsets.UTF_8)),
        Part.field("include", "prog/include"), Part.field("kernel", HOST + "@x86_64"),
        Part.field("name", name), Part.field("version", "2.0.0")));
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();
    JsonNode build = ForgeClient.json(client().get(location + "?wait=120s"));
    assertThat(build.get("state").asText()).as(build.toString()).isEqualTo("SUCCEEDED");

    HttpResponse<byte[]> bundle = CONTRACT.check(GET_BUNDLE, client().get(location + "/bundle"));
    assertThat(bundle.statusCode()).isEqualTo(200);
    String bundleTag = bundle.headers().firstValue("ETag").orElseThrow();
    assertThat(CONTRACT.check(GET_BUNDLE, client().get(location + "/bundle", "If-None-Match", bundleTag)).statusCode()).isEqualTo(304);
    assertThat(CONTRACT.check(GET_BUNDLE, client().get(location + "/bundle?format=zip", "Range", "bytes=0-3")).statusCode()).isEqualTo(206);
    assertThat(CONTRACT.check(GET_BUNDLE, client().get(location + "/bundle?format=7z")).statusCode()).isEqualTo(400);

    // A named build's files are named after it, as a C identifier ("contract-1a2b" -> "contract_1a2b.o").
    String objectName = name.replace('-', '_') + ".o";
    String file = location + "/artifacts/" + HOST + "/x86_64/" + objectName;
    HttpResponse<byte[]> object = CONTRACT.check(GET_BUILD_FILE, client().get(file));
    assertThat(object.statusCode()).isEqualTo(200);
    assertThat(CONTRACT.check(GET_BUILD_FILE, client().get(file, "Range", "bytes=4-")).statusCode()).isEqualTo(206);
    assertThat(CONTRACT.check(GET_BUILD_FILE, client().get(file, "If-None-Match", object.headers().firstValue("ETag").orElseThrow()))
        .statusCode()).isEqualTo(304);
    assertThat(CONTRACT.check(GET_BUILD_FILE, client().get(file.replace(objectName, "other.o"))).statusCode()).isEqualTo(404);
    assertThat(CONTRACT.check(GET_BUILD_FILE, client().get(file.replace("x86_64", "sparc"))).statusCode()).isEqualTo(400);

    String release = "/v1/releases/" + name + "/latest/" + HOST + "/x86_64/" + objectName;
    HttpResponse<byte[]> latest = CONTRACT.check(GET_RELEASE_FILE, client().get(release));
    assertThat(latest.statusCode()).isEqualTo(200);
    assertThat(latest.body()).isEqualTo(object.body());
    assertThat(CONTRACT.check(GET_RELEASE_FILE, client().get(release, "Range", "bytes=0-0")).statusCode()).isEqualTo(206);
    assertThat(CONTRACT.check(GET_RELEASE_FILE, client().get(release.replace("/latest/", "/9.9/"))).statusCode()).isEqualTo(404);

    HttpResponse<byte[]> btf = CONTRACT.check(LBC, postRaw("/lbc",
        "[{\"arch\": \"x86_64\", \"ver\": \"" + HOST + "\", \"cmd\": \"btf\"}]"));
    assertThat(btf.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(btf).get("res").get(0).get("log").asText()).isEqualTo("ok.");
    HttpResponse<byte[]> failed = CONTRACT.check(LBC, postRaw("/lbc",
        "[{\"cmd\": \"obj\", \"code\": \"int f(void) { return nope; }\", \"ver\": \"" + HOST + "\", \"arch\": \"x86_64\", \"env\": \"\"}]"));
    assertThat(ForgeClient.json(failed).get("res").get(0).get("obj").isNull()).isTrue();
    assertThat(CONTRACT.check(LBC, postRaw("/lbc", "not json")).statusCode()).isEqualTo(400);
  }

  /** A body with no content type, as Coolbpf's client posts it (with a token: this is the main port). */
  private HttpResponse<byte[]> postRaw(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void problemsAnswerAsSpecified() throws IOException {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isReadable(Fixtures.HOST_BTF), Fixtures.HOST_BTF + " (the host kernel is the target)");
    HttpResponse<byte[]> failed = CONTRACT.check(COMPILE, compile("int f(void) { return missing_symbol; }\n",
        Part.field("kernel", HOST), Part.field("cache", "bypass")));
    assertThat(failed.statusCode()).as(ForgeClient.text(failed)).isEqualTo(422);
    String failedBuild = ForgeClient.json(failed).get("build").asText();
    JsonNode build = ForgeClient.json(CONTRACT.check(GET_BUILD, client().get("/v1/builds/" + failedBuild)));
    assertThat(build.get("state").asText()).isEqualTo("FAILED");
    assertThat(build.get("targets").get(0).get("diagnostics")).isNotEmpty();
    assertThat(build.get("targets").get(0).get("failure").get("kind").asText()).isEqualTo("COMPILE_ERROR");
    assertThat(ForgeClient.text(CONTRACT.check(GET_LOG, client().get("/v1/builds/" + failedBuild + "/targets/0/log"))))
        .contains("missing_symbol");

    assertThat(CONTRACT.check(COMPILE, compile("int x;\n", Part.field("kernel", HOST + "-nope"))).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> misspelt = CONTRACT.check(COMPILE, compile("int x;\n", Part.field("kernal", HOST)));
    assertThat(misspelt.statusCode()).isEqualTo(400);
    assertThat(ForgeClient.json(misspelt).get("field").asText()).isEqualTo("kernal");
    assertThat(CONTRACT.check(COMPILE, compile("int x;\n", Part.field("mcpu", "v9"))).statusCode()).isEqualTo(400);
    HttpResponse<byte[]> tooLarge = CONTRACT.check(COMPILE, client().post("/v1/compile",
        List.of(Part.file("bundle", "src.tar.gz", bundleOf(513)))));
    assertThat(tooLarge.statusCode()).as(ForgeClient.text(tooLarge)).isEqualTo(413);
    assertThat(ForgeClient.json(tooLarge).get("limit").asText()).isEqualTo("max-files");
    assertThat(CONTRACT.check(COMPILE, postJson("/v1/compile", "{}")).statusCode()).isEqualTo(415);

    assertThat(CONTRACT.check(GET_BUILD, client().get("/v1/builds/" + UUID.randomUUID())).statusCode()).isEqualTo(404);
    assertThat(CONTRACT.check(GET_BUILD, client().get("/v1/builds/not-a-uuid")).statusCode()).isEqualTo(400);
    assertThat(CONTRACT.check(GET_LOG, client().get("/v1/builds/" + UUID.randomUUID() + "/targets/0/log")).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> noTarget = CONTRACT.check(GET_LOG, client().get("/v1/builds/" + failedBuild + "/targets/7/log"));
    assertThat(ForgeClient.json(noTarget).get("type").asText()).endsWith("/target-not-found");
    assertThat(CONTRACT.check(LIST_BUILDS, client().get("/v1/builds?state=DONE")).statusCode()).isEqualTo(400);
    assertThat(CONTRACT.check(CANCEL_BUILD, send("DELETE", "/v1/builds/" + UUID.randomUUID())).statusCode()).isEqualTo(404);
    assertThat(CONTRACT.check(SUBMIT_BUILD, client().post("/v1/builds", List.of(
        Part.file("file", "bpf.c", "int x;\n".getBytes(StandardCharsets.UTF_8)), Part.field("kernel", HOST + "-nope"))))
        .statusCode()).isEqualTo(404);
    assertThat(CONTRACT.check(SUBMIT_BUILD, client().post("/v1/builds", List.of(
        Part.file("file", "bpf.c", "int x;\n".getBytes(StandardCharsets.UTF_8)), Part.field("name", "../etc"),
        Part.field("kernel", HOST)))).statusCode()).isEqualTo(400);
    assertThat(CONTRACT.check(GET_ARTIFACT, client().get("/v1/artifacts/" + "e".repeat(64))).statusCode()).isEqualTo(404);
    assertThat(CONTRACT.check(GET_ARTIFACT, client().get("/v1/artifacts/xyz")).statusCode()).isEqualTo(400);
  }

  /** A .tar.gz source tree of {@code files} one-line headers. */
  private static byte[] bundleOf(int files) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (int i = 0; i < files; i++) {
        TarArchiveEntry entry = new TarArchiveEntry("h" + i + ".h");
        entry.setSize(1);
        tar.putArchiveEntry(entry);
        tar.write('\n');
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private HttpResponse<byte[]> compile(String source, Part... extra) {
    List<Part> parts = new ArrayList<>(List.of(Part.file("file", "bpf.c", source.getBytes(StandardCharsets.UTF_8))));
    parts.addAll(List.of(extra));
    return client().post("/v1/compile", parts);
  }

  /** A body that is not multipart/form-data, as a client that guessed the API would send. */
  private HttpResponse<byte[]> postJson(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A request without a body, by any method. */
  private HttpResponse<byte[]> send(String method, String path) {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }
}
