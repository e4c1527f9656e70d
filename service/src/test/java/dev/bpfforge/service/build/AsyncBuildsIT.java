package dev.bpfforge.service.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/builds: many targets, 202 + Location, long-poll, per-target results, listing, cancel. */
class AsyncBuildsIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");

  @BeforeEach
  void kernels() {
    Fixtures.requireToolchain();
    Fixtures.requireSharedBtf();
    for (Fixtures.SharedKernel k : Fixtures.SHARED_KERNELS) {
      assertThat(client().uploadKernel(k.file(), k.release(), k.arch()).statusCode()).isIn(200, 201);
    }
  }

  private JsonNode await(String location) {
    JsonNode build = ForgeClient.json(client().get(location + "?wait=120s"));
    assertThat(build.get("state").asText()).as(build.toString()).isNotIn("QUEUED", "RUNNING");
    return build;
  }

  @Test
  void buildForSeveralKernelsAnswers202AndFinishesEveryTarget() {
    List<Part> parts = new ArrayList<>(ForgeClient.example("execsnoop"));
    parts.add(Part.field("kernel", HOST));
    parts.add(Part.field("kernel", "5.10.0-32-amd64"));
    parts.add(Part.field("kernel", "6.1.0-50-arm64@arm64"));
    parts.add(Part.field("name", "execsnoop"));
    parts.add(Part.field("version", "1.2.3"));
    parts.add(Part.field("cache", "bypass"));
    HttpResponse<byte[]> submitted = client().post("/v1/builds", parts);

    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/v1/builds/");
    assertThat(ForgeClient.json(submitted).get("targets")).hasSize(3);

    JsonNode build = await(location);
    assertThat(build.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(build.get("name").asText()).isEqualTo("execsnoop");
    assertThat(build.get("targets")).allSatisfy(t -> {
      assertThat(t.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(t.get("attempts").asInt()).isEqualTo(1);
      assertThat(t.get("artifacts").get(0).get("name").asText()).isEqualTo("execsnoop.o");
      assertThat(client().get(t.get("artifacts").get(0).get("href").asText()).statusCode()).isEqualTo(200);
    });
    assertThat(build.get("targets").get(2).get("arch").asText()).isEqualTo("arm64");
    assertThat(ForgeClient.text(client().get(build.get("targets").get(0).get("log").asText()))).isNotNull();

    JsonNode listed = ForgeClient.json(client().get("/v1/builds?name=execsnoop&state=SUCCEEDED"));
    assertThat(listed.get("builds")).anySatisfy(b -> assertThat(b.get("id").asText()).isEqualTo(build.get("id").asText()));
  }

  @Test
  void oneTargetFailingMakesTheBuildPartialWithDiagnostics() {
    // struct bpf_iter__bpf_link is not in 5.10.s BTF: the program compiles for 6.1 but not for 5.10.
    String source = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
        + "SEC(\"xdp\") int f(struct xdp_md *ctx) { return sizeof(struct bpf_iter__bpf_link) ? XDP_PASS : XDP_DROP; }\n"
        + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";
    HttpResponse<byte[]> submitted = client().post("/v1/builds", List.of(Part.file("file", "bpf.c", source.getBytes()),
        Part.field("kernel", "5.10.0-32-amd64"), Part.field("kernel", "6.1.0-50-amd64")));
    assertThat(submitted.statusCode()).as(ForgeClient.text(submitted)).isEqualTo(202);
    JsonNode build = await(submitted.headers().firstValue("Location").orElseThrow());
    assertThat(build.get("state").asText()).isEqualTo("PARTIAL");
    JsonNode old = build.get("targets").get(0);
    assertThat(old.get("state").asText()).isEqualTo("FAILED");
    assertThat(old.get("failure").get("kind").asText()).isEqualTo("COMPILE_ERROR");
    assertThat(old.get("diagnostics").get(0).get("file").asText()).isEqualTo("bpf.c");
    assertThat(build.get("targets").get(1).get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void cachedTargetsFinishAtSubmission() {
    List<Part> parts = new ArrayList<>(ForgeClient.example("xdpcount"));
    parts.add(Part.field("kernel", "6.1.0-50-amd64"));
    await(client().post("/v1/builds", parts).headers().firstValue("Location").orElseThrow());
    HttpResponse<byte[]> again = client().post("/v1/builds", parts);
    JsonNode build = ForgeClient.json(again);
    assertThat(build.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(build.get("targets").get(0).get("cacheHit").asBoolean()).isTrue();
  }

  @Test
  void badRequestsAre400AndUnknownBuildsAre404() {
    assertThat(client().post("/v1/builds", List.of(Part.file("file", "bpf.c", "int x;".getBytes()))).statusCode()).isEqualTo(400);
    assertThat(client().post("/v1/builds", List.of(Part.file("file", "bpf.c", "int x;".getBytes()),
        Part.field("kernel", HOST), Part.field("kernel", HOST))).statusCode()).isEqualTo(400);
    assertThat(client().post("/v1/builds", List.of(Part.file("file", "bpf.c", "int x;".getBytes()),
        Part.field("kernel", HOST), Part.field("name", "../etc"))).statusCode()).isEqualTo(400);
    assertThat(client().get("/v1/builds/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
    assertThat(client().get("/v1/builds/nope").statusCode()).isEqualTo(400);
    assertThat(client().get("/v1/builds?state=DONE").statusCode()).isEqualTo(400);
  }

  @Test
  void deletingAFinishedBuildLeavesItAsItWas() {
    HttpResponse<byte[]> submitted = client().post("/v1/builds", List.of(Part.file("file", "bpf.c", "int x;".getBytes()),
        Part.field("kernel", HOST), Part.field("cache", "bypass")));
    String location = submitted.headers().firstValue("Location").orElseThrow();
    JsonNode done = await(location);
    HttpResponse<byte[]> deleted = client().delete(location);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(deleted).get("state").asText()).isEqualTo(done.get("state").asText());
  }
}
