package dev.bpfforge.service.lbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coolbpf's remote-compile protocol on the Coolbpf port, spoken by a client that builds and reads
 * requests as surftrace's lbcClient.py does (src/test/resources/coolbpf/lbc_post.py). The object
 * it gets back goes through this kernel's verifier; the BTF must be the catalog's own bytes.
 */
class LbcIT extends ServiceIT {
  static final String HOST = System.getProperty("os.version");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @BeforeEach
  void prerequisites() {
    Fixtures.requireToolchain();
    Fixtures.requireSharedBtf();
    Fixtures.require(Fixtures.onPath("python3"), "python3 (scripts/install-prereqs.sh), Coolbpf's client language");
    Fixtures.SharedKernel k510 = Fixtures.SHARED_KERNELS.get(0);
    assertThat(client().uploadKernel(k510.file(), k510.release(), k510.arch()).statusCode()).isIn(200, 201);
  }

  /** The client's answer: its summary line, exit code and the decoded payload. */
  record Answer(int exit, JsonNode summary, Path payload, String output) {
    String log() {
      return summary.path("log").asText();
    }
  }

  private Answer post(String cmd, String ver, String arch, String code, String env, String... extra) throws Exception {
    Path script = Path.of(LbcIT.class.getResource("/coolbpf/lbc_post.py").toURI());
    Path out = tmp.resolve(cmd + "-" + System.nanoTime() + ".out");
    List<String> command = new ArrayList<>(List.of("python3", script.toString(), String.valueOf(lbcPort), cmd, ver, arch));
    if (code != null) {
      Path source = Files.writeString(tmp.resolve("lbc-" + System.nanoTime() + ".bpf.c"), code);
      command.add(source.toString());
      command.add("--env=" + env);
    }
    command.addAll(List.of("--out", out.toString()));
    command.addAll(List.of(extra));
    Tools.Run run = Tools.run(command);
    String lastLine = run.output().strip().lines().reduce((a, b) -> b).orElse("");
    JsonNode summary = JSON.readTree(lastLine.startsWith("{") ? lastLine : "{}");
    return new Answer(run.exitCode(), summary, out, run.output());
  }

  /** execsnoop with its local header inlined, as Coolbpf's client sends a program (one file, includes inlined). */
  private static String execsnoopInlined() throws IOException {
    Path dir = Fixtures.EXAMPLES.resolve("execsnoop");
    return Files.readString(dir.resolve("execsnoop.bpf.c"))
        .replace("#include \"execsnoop.h\"", Files.readString(dir.resolve("execsnoop.h")));
  }

  @Test
  void objCompilesForThisKernelAndTheVerifierAcceptsIt() throws Exception {
    Answer answer = post("obj", HOST, "x86_64", execsnoopInlined(), "-DBPFFORGE_LBC_TEST=" + System.nanoTime());

    assertThat(answer.exit()).as(answer.output()).isZero();
    assertThat(answer.summary().get("http").asInt()).isEqualTo(200);
    assertThat(answer.log()).isEqualTo("ok.");
    assertThat(answer.summary().get("keys")).extracting(JsonNode::asText).contains("log", "obj", "clog");
    byte[] object = Files.readAllBytes(answer.payload());
    assertThat(Tools.elfMachine(object)).as("EM_BPF").isEqualTo(247);
    Fixtures.requireVerifier();
    Tools.Run load = Tools.verifierLoad(answer.payload());
    assertThat(load.exitCode()).as("verifier: %s", load.output()).isZero();
  }

  @Test
  void cReturnsALoaderSoThatRunsThroughCoolbpfsNames() throws Exception {
    Answer answer = post("c", HOST, "x86_64", execsnoopInlined(), "-DBPFFORGE_LBC_TEST=" + System.nanoTime());

    assertThat(answer.exit()).as(answer.output()).isZero();
    assertThat(answer.log()).isEqualTo("ok.");
    assertThat(answer.summary().get("keys")).extracting(JsonNode::asText).contains("log", "so", "clog");
    Path so = Files.move(answer.payload(), tmp.resolve("lbc.so"));
    assertThat(Tools.run(List.of("readelf", "-h", so.toString())).output()).contains("DYN (Shared object file)");
    // Coolbpf's description of the program: the source hash is of the code exactly as sent.
    Tools.Run types = Tools.run(List.of("python3", "-c", "import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]);"
        + " lib.lbc_get_map_types.restype = ctypes.c_char_p; print(lib.lbc_get_map_types().decode())", so.toString()));
    assertThat(types.exitCode()).as(types.output()).isZero();
    JsonNode description = JSON.readTree(types.output());
    assertThat(description.path("kern_version").asText()).isEqualTo(HOST);
    assertThat(description.path("maps").path("events").path("type").asText()).isEqualTo("BPF_MAP_TYPE_RINGBUF");

    Fixtures.requireVerifier();
    Fixtures.require(Files.isDirectory(Path.of("/sys/kernel/tracing/events")), "tracefs (scripts/install-prereqs.sh mounts it)");
    Tools.Run run = Tools.run(List.of("python3", Fixtures.EXAMPLES.resolve("python/execsnoop.py").toString(), so.toString(),
        "--lbc", "--command", "/bin/true"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("exec pid=\\d+ ppid=\\d+ uid=0 comm=true filename=/bin/true");
  }

  @Test
  void btfIsTheCatalogsBytes() throws Exception {
    Answer answer = post("btf", "5.10.0-32-amd64", "x86_64", null, null);

    assertThat(answer.exit()).as(answer.output()).isZero();
    assertThat(answer.log()).isEqualTo("ok.");
    byte[] served = client().get("/v1/kernels/5.10.0-32-amd64/btf?arch=x86_64").body();
    assertThat(Files.readAllBytes(answer.payload())).isEqualTo(served);
    assertThat(served.length).isGreaterThan(1_000_000);
  }

  @Test
  void compileErrorComesBackAsTheClientExpectsIt() throws Exception {
    Answer answer = post("obj", HOST, "x86_64", "#include \"vmlinux.h\"\nint f(void) { return no_such_symbol; }\n", "");

    assertThat(answer.exit()).as("the client raises on a log other than ok.: " + answer.output()).isEqualTo(4);
    assertThat(answer.summary().get("http").asInt()).isEqualTo(200);
    assertThat(answer.summary().get("code").asInt()).isEqualTo(200);
    assertThat(answer.log()).startsWith("compile failed");
    assertThat(answer.summary().get("payload_is_null").asBoolean()).isTrue();
    assertThat(answer.summary().get("clog").asText()).contains("no_such_symbol").contains("lbc.bpf.c:2");
    assertThat(answer.output()).as("what the client prints").contains("compile failed.");
  }

  @Test
  void envFlagsOtherThanDefinesAreRefusedByName() throws Exception {
    Answer answer = post("obj", HOST, "x86_64", "int x;\n", "-DFINE -O0");

    assertThat(answer.exit()).isEqualTo(4);
    assertThat(answer.log()).contains("'-O0'").contains("-DNAME");
    assertThat(answer.summary().get("payload_is_null").asBoolean()).isTrue();
  }

  @Test
  void unknownKernelAnswersWithTheClosestKnown() throws Exception {
    Answer answer = post("btf", "5.10.0-33-amd64", "x86_64", null, null);

    assertThat(answer.exit()).isEqualTo(4);
    assertThat(answer.log()).contains("5.10.0-33-amd64").contains("not in the catalog");
    assertThat(answer.summary().get("closest")).extracting(JsonNode::asText).contains("5.10.0-32-amd64@x86_64");
  }

  @Test
  void coolbpfQueriesThisServiceDoesNotAnswerSayWhy() throws Exception {
    String body = JSON.writeValueAsString(List.of(Map.of("arch", "x86_64", "ver", HOST, "cmd", "func", "func", "do_sys_open")));
    HttpResponse<byte[]> answer = lbc(body);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode json = ForgeClient.json(answer);
    assertThat(json.get("code").asInt()).isEqualTo(200);
    assertThat(json.get("res").get(0).get("log").asText()).startsWith("unknown cmd.").contains("'func'");
  }

  @Test
  void aBodyThatIsNotACommandArrayIsA400InCoolbpfsShape() {
    HttpResponse<byte[]> answer = lbc("{\"cmd\": \"obj\"}");
    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode json = ForgeClient.json(answer);
    assertThat(json.get("code").asInt()).isEqualTo(400);
    assertThat(json.get("status").asBoolean()).isFalse();
    assertThat(json.get("res").get(0).get("log").asText()).contains("JSON array");
  }

  @Test
  void theCoolbpfPortServesNothingButLbc() {
    HttpResponse<byte[]> kernels = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lbcPort + "/v1/kernels")).GET());
    assertThat(kernels.statusCode()).isEqualTo(404);
    assertThat(kernels.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(ForgeClient.json(kernels).get("detail").asText()).contains("/lbc");
    assertThat(client().get("/v1/kernels").statusCode()).as("the API port still serves it").isEqualTo(200);
  }

  @Test
  void aClientOutsideTheAllowedNetworksIsRefused() throws Exception {
    // ServiceIT allows 127.0.0.1/32 and ::1 only: 127.0.0.2 is loopback, but not an allowed network.
    String status;
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", lbcPort), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /lbc HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n[]")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    assertThat(status).startsWith("HTTP/1.1 403").contains("forbidden-network");

    Answer allowed = post("btf", "5.10.0-32-amd64", "x86_64", null, null, "--source-address", "127.0.0.1");
    assertThat(allowed.log()).isEqualTo("ok.");
    Answer refused = post("btf", "5.10.0-32-amd64", "x86_64", null, null, "--source-address", "127.0.0.2");
    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.summary().get("http").asInt()).isEqualTo(403);
  }

  /** A body posted to /lbc on the Coolbpf port. */
  private HttpResponse<byte[]> lbc(String body) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lbcPort + "/lbc")).POST(HttpRequest.BodyPublishers.ofString(body)));
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
}
