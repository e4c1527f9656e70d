package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.service.support.ContainerPostgres;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ForgeClient.Part;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.Tools;
import dev.bpfforge.service.support.WorkerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import com.github.dockerjava.api.model.Capability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The Kubernetes shape end to end: this JVM is an API-only replica on PostgreSQL in a container;
 * the worker is the image worker-images/worker/Dockerfile builds on the clang16-bookworm toolchain,
 * started by Testcontainers the way the Helm chart runs it (root with only CAP_SETUID/CAP_SETGID,
 * no-new-privileges, read-only root, tmpfs scratch, on a network that reaches PostgreSQL and
 * nothing else) and compiling through the setpriv sandbox. Blobs are shared through the
 * filesystem store, bind-mounted owner-only. Hostile sources try to read the worker's secrets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerContainerIT {
  static final String TOOLCHAIN = "clang16-bookworm";
  static final String TOOLCHAIN_IMAGE = "bpfforge/toolchain-clang16-bookworm:1";
  static final String WORKER_IMAGE = "bpfforge/worker-clang16-bookworm:test";
  static final String MARKER = "worker-secret-" + UUID.randomUUID();
  static final Path DATA_DIR = tempDir("bpfforge-worker-it-");
  static GenericContainer<?> worker;

  @LocalServerPort int port;

  @BeforeAll
  static void prerequisites() throws Exception {
    Fixtures.requireDocker();
    Fixtures.require(Files.isRegularFile(WorkerProcess.JAR), WorkerProcess.JAR + " (mvn package)");
    Fixtures.require(Tools.run(List.of("docker", "image", "inspect", TOOLCHAIN_IMAGE)).exitCode() == 0,
        TOOLCHAIN_IMAGE + " (worker-images/build.sh)");
    ContainerPostgres.get();
  }

  @DynamicPropertySource
  static void apiOnlyOnContainerPostgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", ContainerPostgres::jdbcUrl);
    registry.add("spring.datasource.username", () -> ContainerPostgres.USER);
    registry.add("spring.datasource.password", () -> ContainerPostgres.PASSWORD);
    registry.add("bpfforge.data-dir", DATA_DIR::toString);
    registry.add("bpfforge.auth.admin-token", () -> ServiceIT.ADMIN_TOKEN);
    registry.add("bpfforge.lbc.port", () -> "-1");
    registry.add("bpfforge.worker.enabled", () -> "false");
    registry.add("bpfforge.toolchains.local", () -> "false");
  }

  /** Started once, after this JVM's context has migrated the schema. */
  @BeforeEach
  void workerContainer() throws IOException {
    if (worker != null) {
      return;
    }
    Path blobs = Files.createDirectories(DATA_DIR.resolve("blobs"));
    // Only the worker (root in its container) may enter; the tools' uid 10002 may not.
    Files.setPosixFilePermissions(blobs, PosixFilePermissions.fromString("rwx------"));
    Path config = DATA_DIR.resolve("worker.yml");
    Files.writeString(config, "bpfforge:\n  test-secret: " + MARKER + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

    // The context holds just what the Dockerfile copies, at the paths it names (repository-relative).
    ImageFromDockerfile image = new ImageFromDockerfile(WORKER_IMAGE, false)
        .withFileFromPath("Dockerfile", Fixtures.WORKER_IMAGES.resolve("worker/Dockerfile"))
        .withFileFromPath("worker-images/worker/entrypoint.sh", Fixtures.WORKER_IMAGES.resolve("worker/entrypoint.sh"))
        .withFileFromPath("service/target/bpfforge-service.jar", WorkerProcess.JAR)
        .withBuildArg("TOOLCHAIN_IMAGE", TOOLCHAIN_IMAGE)
        .withBuildArg("TOOLCHAIN_ID", TOOLCHAIN);
    GenericContainer<?> container = new GenericContainer<>(image)
        .withNetwork(ContainerPostgres.network())
        .withLabel("dev.bpfforge.test", "worker-container")
        .withEnv("SPRING_DATASOURCE_URL", ContainerPostgres.jdbcUrlInNetwork())
        .withEnv("SPRING_DATASOURCE_USERNAME", ContainerPostgres.USER)
        .withEnv("SPRING_DATASOURCE_PASSWORD", ContainerPostgres.PASSWORD)
        .withEnv("BPFFORGE_TEST_SECRET", MARKER)
        .withEnv("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/etc/bpfforge/worker.yml")
        .withEnv("BPFFORGE_WORKER_NAME", "container-worker")
        .withEnv("BPFFORGE_QUEUE_IDLE_POLL", "200ms")
        .withEnv("BPFFORGE_SANDBOX_TIMEOUT", "30s")
        .withEnv("BPFFORGE_SANDBOX_CPU_TIME", "30s")
        .withFileSystemBind(blobs.toString(), "/var/lib/bpfforge/blobs", BindMode.READ_WRITE)
        .withFileSystemBind(config.toString(), "/etc/bpfforge/worker.yml", BindMode.READ_ONLY)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
            .withCapDrop(Capability.ALL)
            .withCapAdd(Capability.SETUID, Capability.SETGID)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withReadonlyRootfs(true)
            .withTmpFs(java.util.Map.of("/forge", "size=1m", "/tmp", "size=512m", "/var/lib/bpfforge", "size=2g")))
        .waitingFor(Wait.forLogMessage(".*Started BpfForgeApplication.*", 1).withStartupTimeout(Duration.ofMinutes(5)));
    container.start();
    worker = container;
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.stop();
    }
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
    for (String file : List.of("/proc/1/environ", "/proc/self/../1/environ", "/etc/bpfforge/worker.yml")) {
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
  void compileThatOutrunsItsTimeLimitIsStoppedAndTheWorkerCarriesOn() {
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

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
