package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed compile options reach clang as they should, and only as they should. */
class CompileOptionsIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");
  static final String XDP = "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
      + "SEC(\"xdp\") int pass(struct xdp_md *ctx) { return XDP_PASS; }\n"
      + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";

  @TempDir Path tmp;

  @BeforeEach
  void toolchain() {
    Fixtures.requireToolchain();
  }

  private HttpResponse<byte[]> compile(List<Part> parts) {
    List<Part> all = new ArrayList<>(parts);
    all.add(Part.field("kernel", HOST));
    return client().post("/v1/compile", all);
  }

  private static Part source(String path, String text) {
    return Part.file("file", path, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void treeThatShipsItsOwnVmlinuxHeaderCompilesAgainstIt() {
    // A stand-in vmlinux.h that only this tree has: the program compiles only if it is the one used.
    String own = "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n"
        + "typedef unsigned char __u8; typedef unsigned short __u16; typedef unsigned int __u32;\n"
        + "typedef unsigned long long __u64; typedef signed char __s8; typedef short __s16; typedef int __s32;\n"
        + "typedef long long __s64; typedef __u16 __be16; typedef __u32 __be32; typedef __u32 __wsum;\n"
        + "struct xdp_md { __u32 data; __u32 data_end; };\nenum xdp_action { XDP_PASS = 2 };\n"
        + "#define OWN_VMLINUX 1\n#endif\n";
    String program = XDP.replace("SEC(\"xdp\")", "#ifndef OWN_VMLINUX\n#error target header used\n#endif\nSEC(\"xdp\")");
    HttpResponse<byte[]> response = compile(List.of(source("bpf.c", program), source("vmlinux.h", own)));
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("X-BpfForge-Vmlinux")).hasValue("source");

    HttpResponse<byte[]> generated = compile(List.of(source("bpf.c", XDP)));
    assertThat(generated.headers().firstValue("X-BpfForge-Vmlinux")).hasValue("target");
  }

  @Test
  void headerInAnIncludeDirIsFoundOnlyWithThatIncludeDir() {
    String program = "#include \"config.h\"\n" + XDP;
    Part header = source("conf/config.h", "#define CONFIGURED 1\n");
    HttpResponse<byte[]> without = compile(List.of(source("bpf.c", program), header));
    assertThat(without.statusCode()).isEqualTo(422);
    assertThat(ForgeClient.json(without).get("diagnostics").get(0).get("message").asText()).contains("config.h");
    HttpResponse<byte[]> with = compile(List.of(source("bpf.c", program), header, Part.field("include", "conf")));
    assertThat(with.statusCode()).as(ForgeClient.text(with)).isEqualTo(200);
  }

  @Test
  void definesReachThePreprocessor() {
    String program = "#if !defined(MODE) || MODE != 3\n#error MODE must be 3\n#endif\n" + XDP;
    assertThat(compile(List.of(source("bpf.c", program))).statusCode()).isEqualTo(422);
    HttpResponse<byte[]> response = compile(List.of(source("bpf.c", program), Part.field("define", "MODE=3")));
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
  }

  @Test
  void stripDropsDwarfButKeepsBtf() throws Exception {
    HttpResponse<byte[]> full = compile(List.of(source("bpf.c", XDP)));
    HttpResponse<byte[]> stripped = compile(List.of(source("bpf.c", XDP), Part.field("strip", "true")));
    assertThat(stripped.statusCode()).as(ForgeClient.text(stripped)).isEqualTo(200);
    String fullSections = Tools.sections(Files.write(tmp.resolve("full.o"), full.body()));
    String strippedSections = Tools.sections(Files.write(tmp.resolve("stripped.o"), stripped.body()));
    assertThat(fullSections).contains(".debug_info");
    assertThat(strippedSections).doesNotContain(".debug_info").contains(".BTF ", ".BTF.ext");
    assertThat(stripped.body().length).isLessThan(full.body().length);
  }

  @Test
  void mcpuSelectsTheInstructionSetAndDefaultsFromTheKernel() {
    HttpResponse<byte[]> v1 = compile(List.of(source("bpf.c", XDP), Part.field("mcpu", "v1")));
    HttpResponse<byte[]> byDefault = compile(List.of(source("bpf.c", XDP)));
    assertThat(v1.statusCode()).isEqualTo(200);
    String build = v1.headers().firstValue("X-BpfForge-Build").orElseThrow();
    assertThat(ForgeClient.json(client().get("/v1/builds/" + build)).get("targets").get(0).get("mcpu").asText()).isEqualTo("v1");
    String defaultBuild = byDefault.headers().firstValue("X-BpfForge-Build").orElseThrow();
    assertThat(ForgeClient.json(client().get("/v1/builds/" + defaultBuild)).get("targets").get(0).get("mcpu").asText()).isEqualTo("v3");
    HttpResponse<byte[]> v4 = compile(List.of(source("bpf.c", XDP), Part.field("mcpu", "v4")));
    // clang 14 cannot emit v4: a clear 400 rather than a compiler error.
    assertThat(v4.statusCode()).as(ForgeClient.text(v4)).isEqualTo(400);
    assertThat(ForgeClient.json(v4).get("detail").asText()).contains("clang 18");
  }

  @Test
  void onlyCFileSentIsTheEntryAndArtifactIsNamedAfterIt() {
    HttpResponse<byte[]> response = compile(List.of(source("probe.bpf.c", XDP)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("probe.o"));
    HttpResponse<byte[]> ambiguous = compile(List.of(source("a.c", XDP), source("b.c", XDP)));
    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(ForgeClient.json(ambiguous).get("detail").asText()).contains("entry");
  }

  @Test
  void artifactIsServedByDigestWithItsEtag() {
    HttpResponse<byte[]> compiled = compile(List.of(source("bpf.c", XDP)));
    String etag = compiled.headers().firstValue("ETag").orElseThrow();
    String digest = etag.replace("\"", "");
    HttpResponse<byte[]> fetched = client().get("/v1/artifacts/" + digest);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(compiled.body());
    assertThat(fetched.headers().firstValue("ETag")).hasValue(etag);
    assertThat(client().get("/v1/artifacts/" + digest, "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(client().get("/v1/artifacts/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    assertThat(client().get("/v1/artifacts/not-a-digest").statusCode()).isEqualTo(400);
  }
}
