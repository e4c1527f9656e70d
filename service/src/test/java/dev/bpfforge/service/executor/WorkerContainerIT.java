package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.ContainerPostgres;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import dev.bpfforge.service.support.WorkerContainer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * The Kubernetes shape end to end ({@link WorkerContainer}): an example compiles in the worker
 * container and loads in the verifier, and the cases only this shape has: the worker's
 * environment, blob store and network, and a fork bomb of the tools' user. The hostile-source
 * suite every shape shares runs in {@link WorkerContainerHostileSourcesIT}, on the same container.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = WorkerContainer.ApiOnly.class)
class WorkerContainerIT {
  static final String TOOLCHAIN = WorkerContainer.TOOLCHAIN;
  static final String MARKER = WorkerContainer.MARKER;
  static final Path DATA_DIR = WorkerContainer.DATA_DIR;
  GenericContainer<?> worker;

  @LocalServerPort int port;

  /** Started (once per JVM) after this context has migrated the schema. */
  @BeforeEach
  void workerContainer() {
    worker = WorkerContainer.get();
  }

  ForgeClient client() {
    return new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN);
  }

  HttpResponse<byte[]> compile(List<Part> parts) {
    List<Part> all = new ArrayList<>(parts);
    all.addAll(List.of(Part.field("kernel", System.getProperty("os.version")), Part.field("toolchain", TOOLCHAIN),
        Part.field("cache", "bypass")));
    return client().post("/v1/compile", all);
  }

  HttpResponse<byte[]> compileSource(String source) {
    return compile(List.of(Part.file("file", "bpf.c", source.getBytes())));
  }

  @Test
  void exampleCompilesInTheWorkerContainerAndLoadsInTheVerifier() throws Exception {
    Fixtures.requireVerifier();
    HttpResponse<byte[]> response = compile(ForgeClient.example("execsnoop"));

    assertThat(response.statusCode()).as(ForgeClient.text(response)).isEqualTo(200);
    String build = response.headers().firstValue("X-BpfForge-Build").orElseThrow();
    JsonNode target = ForgeClient.json(client().get("/v1/builds/" + build)).path("targets").path(0);
    assertThat(target.path("worker").asText()).startsWith("container-worker");
    assertThat(target.path("toolchain").asText()).isEqualTo(TOOLCHAIN);
    Path object = Files.createTempFile(DATA_DIR, "execsnoop", ".o");
    Files.write(object, response.body());
    Tools.Run load = Tools.verifierLoad(object);
    assertThat(load.exitCode()).as(load.output()).isZero();
  }

  @Test
  void sourceCannotPullTheWorkersEnvironmentOrConfigIntoItsObject() {
    // The worker's config file is the secret of the shared suite (WorkerContainerHostileSourcesIT).
    for (String file : List.of("/proc/1/environ", "/proc/self/../1/environ")) {
      HttpResponse<byte[]> response = compileSource(
          "asm(\".incbin \\\"" + file + "\\\"\");\nchar LICENSE[] __attribute__((section(\"license\"))) = \"GPL\";\n");
      String body = ForgeClient.text(response);

      // The file exists; the assembler says "Could not find" for one it may not open.
      assertThat(body).as(file).doesNotContain(MARKER).doesNotContain(ContainerPostgres.PASSWORD);
      assertThat(response.statusCode()).as(file + ": " + body).isEqualTo(422);
      assertThat(body).as(file).contains("Could not find incbin file '" + file + "'");
    }
  }

  @Test
  void sourceCannotReadTheBlobStoreOrOtherJobsFiles() {
    HttpResponse<byte[]> response = compileSource("#include \"/var/lib/bpfforge/blobs/x\"\n");
    String body = ForgeClient.text(response);

    assertThat(response.statusCode()).as(body).isEqualTo(422);
    assertThat(body).containsIgnoringCase("permission denied");
  }

  @Test
  void compileThatOutrunsItsTimeLimitIsStoppedAndTheWorkerCarriesOn() throws Exception {
    // 2^40 tokens from the preprocessor: clang would run for hours.
    StringBuilder bomb = new StringBuilder("#define A0 1,\n");
    for (int i = 1; i <= 40; i++) {
      bomb.append("#define A").append(i).append(" A").append(i - 1).append(" A").append(i - 1).append('\n');
    }
    bomb.append("int a[] = { A40 };\n");
    HttpResponse<byte[]> stopped = compileSource(bomb.toString());
    HttpResponse<byte[]> next = compile(ForgeClient.example("xdpcount"));

    assertThat(stopped.statusCode()).as(ForgeClient.text(stopped)).isEqualTo(422);
    assertThat(ForgeClient.text(stopped)).satisfiesAnyOf(
        body -> assertThat(body).contains("time limit"),
        body -> assertThat(body).containsIgnoringCase("memory"));
    assertThat(next.statusCode()).as(ForgeClient.text(next)).isEqualTo(200);
    assertThat(worker.isRunning()).isTrue();
    // The killed compile's orphans went to pid 1: reaped, none is left, not even as a zombie
    // (which would count against the tools' RLIMIT_NPROC for good).
    assertThat(toolsUsersProcesses()).isEmpty();
  }

  /** "pid name state" of every process of the tools' uid in the worker container (the two jobs above have ended). */
  List<String> toolsUsersProcesses() throws Exception {
    ExecResult ps = worker.execInContainer("sh", "-c", "for s in /proc/[0-9]*/status; do"
        + " awk '/^Name/{n=$2} /^State/{st=$2} /^Uid/{u=$2} END{if (u==10002) print FILENAME, n, st}' \"$s\" 2>/dev/null; done");
    return ps.getStdout().lines().toList();
  }

  @Test
  void toolsUserCannotLeaveTheDatabaseOnlyNetworkNorReadTheWorkersEnvironment() throws Exception {
    ExecResult outside = asToolsUser("exec 3<>/dev/tcp/1.1.1.1/80 && echo connected");
    ExecResult environ = asToolsUser("cat /proc/1/environ");
    ExecResult forkBomb = asToolsUser("f() { f | f & wait; }; f; wait");

    assertThat(outside.getStdout()).doesNotContain("connected");
    assertThat(outside.getExitCode()).isNotZero();
    assertThat(environ.getExitCode()).isNotZero();
    assertThat(environ.getStdout() + environ.getStderr()).contains("Permission denied").doesNotContain(MARKER);
    assertThat(forkBomb.getStdout() + forkBomb.getStderr()).containsIgnoringCase("fork");
  }

  /** A shell as the tools' user, limited as the sandbox limits it (docker exec runs as root with the container's caps). */
  ExecResult asToolsUser(String script) throws Exception {
    return worker.execInContainer("timeout", "-s", "KILL", "20", "prlimit", "--nproc=64", "--",
        "setpriv", "--reuid=10002", "--regid=10002", "--clear-groups", "--inh-caps=-all", "--no-new-privs", "--",
        "env", "-i", "PATH=/usr/bin:/bin", "bash", "-c", script);
  }
}
