package dev.bpfforge.service.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The catalog as targets and developers use it: features per kernel, BTF back out (raw and in
 * BTFHub's layout), vmlinux.h, replace and delete. Kernels these tests change are uploaded under
 * release names of their own, so other tests sharing the service never see them change.
 */
class KernelCatalogIT extends ServiceIT {
  @Autowired KernelCatalog catalog;

  static final String XDP = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
      + "SEC(\"xdp\") int pass(struct xdp_md *ctx) { return XDP_PASS; }\n"
      + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";

  private HttpResponse<byte[]> upload(Fixtures.SharedKernel btf, String release, Part... extra) {
    List<Part> parts = new ArrayList<>(List.of(Part.file("file", btf.file().getFileName().toString(), btf.file()),
        Part.field("release", release), Part.field("arch", btf.arch())));
    parts.addAll(List.of(extra));
    return client().post("/v1/kernels", parts);
  }

  private HttpResponse<byte[]> delete(String path) {
    return client().delete(path);
  }

  private static void assertProblem(HttpResponse<byte[]> response, int status, String type) {
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(ForgeClient.json(response).get("type").asText()).endsWith("/" + type);
  }

  @Test
  void eachKernelShowsWhatItsBtfSupports() {
    for (Fixtures.SharedKernel k : List.of(SharedBtf.K510, SharedBtf.K61)) {
      assertThat(upload(k, k.release()).statusCode()).isIn(200, 201);
    }
    JsonNode k510 = ForgeClient.json(client().get("/v1/kernels/" + SharedBtf.K510.release() + "?arch=x86_64")).get("features");
    JsonNode k61 = ForgeClient.json(client().get("/v1/kernels/" + SharedBtf.K61.release() + "?arch=x86_64")).get("features");
    assertThat(k510.get("highlights").get("ringbuf").asBoolean()).isTrue();
    assertThat(k61.get("highlights").get("ringbuf").asBoolean()).isTrue();
    assertThat(k510.get("highlights").get("bpf_loop").asBoolean()).isFalse();
    assertThat(k61.get("highlights").get("bpf_loop").asBoolean()).isTrue();
    assertThat(k510.get("helpers").toString()).contains("\"bpf_ringbuf_output\"").doesNotContain("\"bpf_loop\"");
    assertThat(k61.get("helpers").toString()).contains("\"bpf_loop\"");
    assertThat(k61.get("mapTypes").toString()).contains("\"ringbuf\"", "\"user_ringbuf\"");
    assertThat(k61.get("progTypes").toString()).contains("\"xdp\"", "\"tracing\"");
    assertThat(k61.get("attachTypes").toString()).contains("\"trace_fentry\"");

    // The list carries the highlights only.
    JsonNode listed = null;
    for (JsonNode k : ForgeClient.json(client().get("/v1/kernels"))) {
      if (k.get("release").asText().equals(SharedBtf.K61.release()) && k.get("arch").asText().equals("x86_64")) {
        listed = k;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.get("features").get("highlights").get("bpf_loop").asBoolean()).isTrue();
    assertThat(listed.get("features").has("helpers")).isFalse();
  }

  @Test
  void rawBtfComesBackAsUploadedWithItsDigestAsEtag() {
    byte[] raw = SharedBtf.raw(SharedBtf.K510);
    assertThat(upload(SharedBtf.K510, SharedBtf.K510.release()).statusCode()).isIn(200, 201);
    String path = "/v1/kernels/" + SharedBtf.K510.release() + "/btf?arch=x86_64";
    HttpResponse<byte[]> btf = client().get(path);
    assertThat(btf.statusCode()).isEqualTo(200);
    assertThat(btf.body()).isEqualTo(raw);
    assertThat(btf.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(btf.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(SharedBtf.K510.release() + ".btf"));
    String etag = "\"" + Sha256.of(raw).hex() + "\"";
    assertThat(btf.headers().firstValue("ETag")).hasValue(etag);

    HttpResponse<byte[]> again = client().get(path, "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(client().get(path, "If-None-Match", "\"" + "0".repeat(64) + "\", " + etag).statusCode()).isEqualTo(304);
    assertThat(client().get(path, "If-None-Match", "\"" + "0".repeat(64) + "\"").statusCode()).isEqualTo(200);
    // Without ?arch= the release alone names it, being in the catalog for one arch only.
    assertThat(client().get("/v1/kernels/" + SharedBtf.K510.release() + "/btf").body()).isEqualTo(raw);
  }

  @Test
  void btfhubArchiveHoldsExactlyTheReleaseBtfAndIsTheSameEveryTime() throws Exception {
    byte[] raw = SharedBtf.raw(SharedBtf.K61_ARM);
    String release = SharedBtf.K61_ARM.release();
    assertThat(upload(SharedBtf.K61_ARM, release).statusCode()).isIn(200, 201);
    String path = "/v1/kernels/" + release + "/btf?arch=arm64&format=btfhub";
    HttpResponse<byte[]> first = client().get(path);
    assertThat(first.statusCode()).as(ForgeClient.text(first)).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/x-xz");
    assertThat(first.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(release + ".btf.tar.xz"));

    List<BtfHubArchiveWriterTest.Entry> entries = BtfHubArchiveWriterTest.entries(first.body());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).header().getName()).isEqualTo(release + ".btf");
    assertThat(entries.get(0).content()).isEqualTo(raw);

    // Byte-identical downloads (that a rewrite gives the same bytes too is BtfHubArchiveWriterTest's:
    // xz on a whole kernel's BTF takes seconds, too slow to do twice here).
    HttpResponse<byte[]> second = client().get(path);
    assertThat(second.body()).isEqualTo(first.body());

    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isNotEqualTo("\"" + Sha256.of(raw).hex() + "\"");
    assertThat(client().get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void vmlinuxHeaderIsGeneratedFromTheKernelsBtf() {
    Fixtures.requireToolchain();
    assertThat(upload(SharedBtf.K510, SharedBtf.K510.release()).statusCode()).isIn(200, 201);
    String path = "/v1/kernels/" + SharedBtf.K510.release() + "/vmlinux.h?arch=x86_64";
    HttpResponse<byte[]> header = client().get(path);
    assertThat(header.statusCode()).as(ForgeClient.text(header)).isEqualTo(200);
    assertThat(header.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    String text = new String(header.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("#ifndef __VMLINUX_H__", "struct task_struct {", "BPF_MAP_TYPE_RINGBUF");
    assertThat(text).doesNotContain("bpf_loop"); // 5.10's own types, not the host's

    String etag = header.headers().firstValue("ETag").orElseThrow();
    assertThat(client().get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void unknownKernelIs404WithTheClosestKnownOnEveryEndpoint() {
    assertThat(upload(SharedBtf.K510, SharedBtf.K510.release()).statusCode()).isIn(200, 201);
    String unknown = "/v1/kernels/5.10.0-33-amd64";
    for (HttpResponse<byte[]> response : List.of(client().get(unknown), client().get(unknown + "/btf"),
        client().get(unknown + "/btf?format=btfhub"), client().get(unknown + "/vmlinux.h?arch=x86_64"), delete(unknown + "?arch=x86_64"))) {
      assertProblem(response, 404, "unknown-kernel");
      assertThat(ForgeClient.json(response).get("closest").toString()).contains(SharedBtf.K510.release() + "@x86_64");
    }
    assertProblem(client().get("/v1/kernels/" + SharedBtf.K510.release() + "/btf?format=zip"), 400, "invalid-request");
    assertProblem(client().get("/v1/kernels/" + SharedBtf.K510.release() + "/btf?arch=sparc"), 400, "invalid-request");
  }

  @Test
  void unreferencedKernelIsDeletedAndThenUnknown() {
    String release = "5.10.0-32-delete-me";
    assertThat(upload(SharedBtf.K510, release).statusCode()).isEqualTo(201);
    HttpResponse<byte[]> deleted = delete("/v1/kernels/" + release + "?arch=x86_64");
    assertThat(deleted.statusCode()).as(ForgeClient.text(deleted)).isEqualTo(204);
    assertProblem(client().get("/v1/kernels/" + release + "?arch=x86_64"), 404, "unknown-kernel");
    assertProblem(delete("/v1/kernels/" + release + "?arch=x86_64"), 404, "unknown-kernel");
    assertThat(jdbc.queryForObject("select count(*) from kernels where release = ?", Long.class, release)).isZero();
    // Gone means gone: the same release can be added again.
    assertThat(upload(SharedBtf.K510, release).statusCode()).isEqualTo(201);
  }

  @Test
  void kernelABuildWasMadeForCannotBeDeleted() {
    Fixtures.requireToolchain();
    String release = "5.10.0-32-in-use";
    assertThat(upload(SharedBtf.K510, release).statusCode()).isIn(200, 201);
    HttpResponse<byte[]> compiled = client().post("/v1/compile", List.of(
        Part.file("file", "bpf.c", XDP.getBytes(StandardCharsets.UTF_8)), Part.field("kernel", release)));
    assertThat(compiled.statusCode()).as(ForgeClient.text(compiled)).isEqualTo(200);

    HttpResponse<byte[]> refused = delete("/v1/kernels/" + release + "?arch=x86_64");
    assertProblem(refused, 409, "kernel-in-use");
    assertThat(ForgeClient.json(refused).get("detail").asText()).contains(release, "builds");
    assertThat(client().get("/v1/kernels/" + release + "?arch=x86_64").statusCode()).isEqualTo(200);
  }

  @Test
  void replaceTrueSwapsTheBtfAndFeaturesOfTheSameKernel() {
    String release = "5.10.0-32-replaced";
    JsonNode before = ForgeClient.json(upload(SharedBtf.K510, release, Part.field("distro", "debian")));
    assertThat(before.get("features").get("highlights").get("bpf_loop").asBoolean()).isFalse();

    HttpResponse<byte[]> conflict = upload(SharedBtf.K61, release);
    assertProblem(conflict, 409, "kernel-conflict");
    assertThat(ForgeClient.json(conflict).get("detail").asText()).contains("replace=true");

    byte[] raw61 = SharedBtf.raw(SharedBtf.K61);
    HttpResponse<byte[]> replaced = upload(SharedBtf.K61, release, Part.field("replace", "true"));
    assertThat(replaced.statusCode()).as(ForgeClient.text(replaced)).isEqualTo(200);
    JsonNode after = ForgeClient.json(client().get("/v1/kernels/" + release + "?arch=x86_64"));
    assertThat(after.get("btfSha256").asText()).isEqualTo(Sha256.of(raw61).hex()).isNotEqualTo(before.get("btfSha256").asText());
    assertThat(after.get("btfSize").asLong()).isEqualTo(raw61.length);
    assertThat(after.get("features").get("highlights").get("bpf_loop").asBoolean()).isTrue();
    assertThat(after.get("distro").asText()).as("a label the replace leaves out stays").isEqualTo("debian");
    assertThat(client().get("/v1/kernels/" + release + "/btf?arch=x86_64").body()).isEqualTo(raw61);
    assertThat(jdbc.queryForObject("select count(*) from kernels where release = ?", Long.class, release)).isEqualTo(1);
  }

  @Test
  void sameBtfAgainIs200AndDistroAndFlavourAreRecorded() {
    String release = "5.10.0-32-labelled";
    HttpResponse<byte[]> created = upload(SharedBtf.K510, release, Part.field("distro", "debian"), Part.field("flavour", "cloud-amd64"));
    assertThat(created.statusCode()).as(ForgeClient.text(created)).isEqualTo(201);
    JsonNode kernel = ForgeClient.json(created);
    assertThat(kernel.get("distro").asText()).isEqualTo("debian");
    assertThat(kernel.get("flavour").asText()).isEqualTo("cloud-amd64");
    assertThat(kernel.get("sourceFormat").asText()).isEqualTo("btf+xz");
    assertThat(kernel.get("uploadedBy").asText()).as("tenant/token of the uploader").isEqualTo("admin/configured-admin");
    assertThat(kernel.get("links").get("btfhub").asText())
        .isEqualTo("/v1/kernels/" + release + "/btf?arch=x86_64&format=btfhub");

    HttpResponse<byte[]> again = upload(SharedBtf.K510, release);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(ForgeClient.json(again).get("distro").asText()).isEqualTo("debian");

    assertProblem(upload(SharedBtf.K510, release, Part.field("distro", "../etc")), 400, "invalid-request");
    assertProblem(upload(SharedBtf.K510, release, Part.field("replace", "yes")), 400, "invalid-request");
  }

  @Test
  void kernelCataloguedBeforeFeaturesWereRecordedGetsThemAtStartUp() {
    String release = "5.10.0-32-from-before";
    assertThat(upload(SharedBtf.K510, release).statusCode()).isEqualTo(201);
    jdbc.update("update kernels set features = null where release = ?", release);
    assertThat(ForgeClient.json(client().get("/v1/kernels/" + release)).get("features").get("highlights").size()).isZero();

    assertThat(catalog.fillMissingFeatures()).isPositive();
    JsonNode features = ForgeClient.json(client().get("/v1/kernels/" + release)).get("features");
    assertThat(features.get("highlights").get("ringbuf").asBoolean()).isTrue();
    assertThat(features.get("helpers").size()).isGreaterThan(100);
  }
}
