package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user hears when a compile cannot happen, and that host files never leak into it. */
class CompileErrorsIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");
  private Path secret;
  private String token;

  @BeforeEach
  void hostHasASecret() throws Exception {
    Fixtures.requireToolchain();
    token = "BPFFORGE-SECRET-" + UUID.randomUUID();
    secret = Files.writeString(Files.createTempFile("bpfforge-secret-", ".h"), "int leaked = 1; // " + token + "\n");
  }

  @AfterEach
  void removeSecret() throws Exception {
    Files.deleteIfExists(secret);
  }

  private HttpResponse<byte[]> compile(String source, Part... extra) {
    List<Part> parts = new java.util.ArrayList<>(List.of(Part.file("file", "bpf.c", source.getBytes(StandardCharsets.UTF_8))));
    parts.addAll(List.of(extra));
    return client().post("/v1/compile", parts);
  }

  private void assertProblem(HttpResponse<byte[]> response, int status, String type, String detailContains) {
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = ForgeClient.json(response);
    assertThat(problem.get("type").asText()).isEqualTo("https://bpfforge.dev/problems/" + type);
    assertThat(problem.get("detail").asText()).contains(detailContains);
  }

  @Test
  void compileErrorIsA422WithDiagnosticsInTheUsersPaths() {
    HttpResponse<byte[]> response = client().post("/v1/compile", List.of(
        Part.file("file", "src/prog.bpf.c", "#include \"vmlinux.h\"\n#include \"util.h\"\nint f(void) { return missing_symbol; }\n".getBytes()),
        Part.file("file", "src/util.h", "static int helper(void) { return 1 }\n".getBytes())));
    assertProblem(response, 422, "compile-failed", "compile error");
    JsonNode problem = ForgeClient.json(response);
    assertThat(problem.get("diagnostics")).anySatisfy(d -> {
      assertThat(d.get("file").asText()).isEqualTo("src/util.h");
      assertThat(d.get("line").asInt()).isEqualTo(1);
      assertThat(d.get("column").asInt()).isPositive();
      assertThat(d.get("severity").asText()).isEqualTo("error");
    });
    assertThat(problem.get("diagnostics")).anySatisfy(d -> {
      assertThat(d.get("file").asText()).isEqualTo("src/prog.bpf.c");
      assertThat(d.get("line").asInt()).isEqualTo(3);
      assertThat(d.get("message").asText()).contains("missing_symbol");
    });
    String body = ForgeClient.text(response);
    assertThat(body).doesNotContain("/forge/", DATA_DIR.toString(), "/usr/lib/llvm");
    JsonNode build = ForgeClient.json(client().get("/v1/builds/" + problem.get("build").asText()));
    assertThat(build.get("state").asText()).isEqualTo("FAILED");
    assertThat(build.get("targets").get(0).get("diagnostics").size()).isEqualTo(problem.get("diagnostics").size());
    assertThat(build.get("targets").get(0).get("failure").get("kind").asText()).isEqualTo("COMPILE_ERROR");
  }

  @Test
  void unknownKernelIsA404NamingTheClosest() {
    HttpResponse<byte[]> response = compile("int x;", Part.field("kernel", HOST + "-nope"));
    assertProblem(response, 404, "unknown-kernel", "not in the catalog");
    assertThat(ForgeClient.json(response).get("closest").get(0).asText()).startsWith(HOST);
  }

  @Test
  void rejectedRequestsStoreNothing() {
    long builds = rows("builds");
    long artifacts = rows("artifacts");
    assertProblem(compile("int x;", Part.field("entry", "other.c")), 400, "invalid-request", "not among the files");
    assertProblem(compile("int x;", Part.field("mcpu", "v9")), 400, "invalid-request", "v1, v2, v3, v4");
    assertProblem(compile("int x;", Part.field("define", "X; rm -rf /")), 400, "invalid-request", "define");
    assertProblem(compile("int x;", Part.field("kernal", HOST)), 400, "invalid-request", "Unknown field(s) kernal");
    assertProblem(compile("int x;", Part.field("artifact", "exe")), 400, "invalid-request", "artifact");
    assertProblem(compile("int x;", Part.field("artifact", "o,elf")), 400, "invalid-request", "artifact 'elf' is not one of");
    assertProblem(compile("int x;", Part.field("strip", "maybe")), 400, "invalid-request", "strip");
    assertProblem(client().post("/v1/compile", List.of(Part.file("file", "../bpf.c", "int x;".getBytes()))),
        400, "invalid-request", "'..'");
    assertProblem(client().post("/v1/compile", List.of(Part.file("file", "/etc/bpf.c", "int x;".getBytes()))),
        400, "invalid-request", "absolute");
    assertProblem(client().post("/v1/compile", List.of(Part.field("kernel", HOST))), 400, "invalid-request", "No sources");
    assertThat(rows("builds")).isEqualTo(builds);
    assertThat(rows("artifacts")).isEqualTo(artifacts);
  }

  @Test
  void bundleWithLinksDevicesOrEscapingNamesIsRejected() throws Exception {
    for (TarArchiveEntry bad : List.of(
        symlink("vmlinux.h", "/sys/kernel/btf/vmlinux"),
        hardlink("x.h", "/etc/shadow"),
        device("tty"),
        file("../escape.h"),
        file("/abs.h"))) {
      HttpResponse<byte[]> response = client().post("/v1/compile", List.of(Part.file("bundle", "src.tar.gz", tarGz(bad))));
      assertThat(response.statusCode()).as(bad.getName() + ": " + ForgeClient.text(response)).isEqualTo(400);
    }
  }

  @Test
  void bundleCompilesWithItsEntry() throws Exception {
    byte[] bundle = tarGz(file("prog/main.bpf.c"), "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n"
        + "SEC(\"xdp\") int pass(struct xdp_md *ctx) { return XDP_PASS; }\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
    HttpResponse<byte[]> response = client().post("/v1/compile", List.of(
        Part.file("bundle", "src.tar.gz", bundle), Part.field("entry", "prog/main.bpf.c"), Part.field("kernel", HOST)));
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("main.o"));
  }

  @Test
  void hostFilesNeverReachAResponseLogOrArtifact() {
    String[] attacks = {
      "#include \"" + secret + "\"\n",
      "#include \"../../../../../../../../" + secret + "\"\n",
      "#if __has_include(\"" + secret + "\")\n#error found the host file\n#endif\nint probe;\n",
      "asm(\".incbin \\\"" + secret + "\\\"\");\nint x;\n",
      "#include \"/etc/passwd\"\n",
      "#include \"/proc/self/environ\"\n",
      "#include \"" + DATA_DIR.resolve("postgres/postgresql.conf") + "\"\n",
    };
    for (String attack : attacks) {
      HttpResponse<byte[]> response = compile(attack, Part.field("kernel", HOST), Part.field("cache", "bypass"));
      String body = ForgeClient.text(response);
      assertThat(body).as(attack).doesNotContain(token, "root:x:0:0", "PATH=", "max_connections");
      if (response.statusCode() == 200) {
        assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).doesNotContain(token);
      } else {
        assertThat(response.statusCode()).as(attack + body).isEqualTo(422);
        String log = ForgeClient.text(client().get("/v1/builds/" + ForgeClient.json(response).get("build").asText() + "/targets/0/log"));
        assertThat(log).doesNotContain(token, "root:x:0:0");
      }
    }
  }

  @Test
  void compileRunningPastTheTimeLimitIsStoppedAndTheNextOneRuns() {
    // Exponential macro expansion: a few lines that would keep clang busy for hours.
    StringBuilder bomb = new StringBuilder("#define A0 x\n");
    for (int i = 1; i <= 40; i++) {
      bomb.append("#define A").append(i).append(" A").append(i - 1).append(" A").append(i - 1).append('\n');
    }
    bomb.append("int f(void) { int x = 0; return A40; }\n");
    HttpResponse<byte[]> response = compile(bomb.toString(), Part.field("kernel", HOST), Part.field("cache", "bypass"));
    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(422);
    HttpResponse<byte[]> next = compile("int ok;\n", Part.field("kernel", HOST), Part.field("cache", "bypass"));
    assertThat(next.statusCode()).as(ForgeClient.text(next)).isEqualTo(200);
  }

  private static TarArchiveEntry file(String name) {
    return new TarArchiveEntry(name, true);
  }

  private static TarArchiveEntry symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
    entry.setLinkName(target);
    return entry;
  }

  private static TarArchiveEntry hardlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
    entry.setLinkName(target);
    return entry;
  }

  private static TarArchiveEntry device(String name) {
    return new TarArchiveEntry(name, TarArchiveEntry.LF_CHR, true);
  }

  private static byte[] tarGz(TarArchiveEntry entry) throws Exception {
    return tarGz(entry, "int x;\n");
  }

  private static byte[] tarGz(TarArchiveEntry entry, String content) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      if (entry.isFile()) {
        entry.setSize(data.length);
      }
      tar.putArchiveEntry(entry);
      if (entry.isFile()) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}
