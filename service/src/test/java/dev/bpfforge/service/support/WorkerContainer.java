package dev.bpfforge.service.support;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The Kubernetes shape of a worker: the image worker-images/worker/Dockerfile builds on the
 * clang16-bookworm toolchain, run the way the Helm chart runs it (root with only
 * CAP_SETUID/CAP_SETGID, no-new-privileges, read-only root, tmpfs scratch, on a network that
 * reaches {@link ContainerPostgres} and nothing else), compiling through the setpriv sandbox as
 * uid 10002. One per test JVM, shared by every class that uses it, stopped when the JVM exits.
 *
 * <p>The test JVM is an API-only replica: a {@code @SpringBootTest} with
 * {@code @ContextConfiguration(initializers = WorkerContainer.ApiOnly.class)} (one cached context
 * for all such classes) on the same database, sharing blobs with the worker through
 * {@link #DATA_DIR}{@code /blobs}, bind-mounted owner-only.
 */
public final class WorkerContainer {
  public static final String TOOLCHAIN = "clang16-bookworm";
  public static final String TOOLCHAIN_IMAGE = "bpfforge/toolchain-clang16-bookworm:1";
  public static final String IMAGE = "bpfforge/worker-clang16-bookworm:test";
  /** In the worker's environment and config: no compile may ever show it. */
  public static final String MARKER = "worker-secret-" + UUID.randomUUID();
  /** The worker's config in the container: root-owned, mode 0600, so the tools' user cannot read it. */
  public static final String CONFIG = "/etc/bpfforge/worker.yml";
  public static final Path DATA_DIR = tempDir();

  private static GenericContainer<?> container;

  private WorkerContainer() {}

  /** Registers the API-only replica's properties: ContainerPostgres, no workers or local toolchain of its own. */
  public static final class ApiOnly implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      requirePrerequisites();
      TestPropertyValues.of(
          "spring.datasource.url=" + ContainerPostgres.jdbcUrl(),
          "spring.datasource.username=" + ContainerPostgres.USER,
          "spring.datasource.password=" + ContainerPostgres.PASSWORD,
          "bpfforge.data-dir=" + DATA_DIR,
          "bpfforge.auth.admin-token=" + ServiceIT.ADMIN_TOKEN,
          "bpfforge.lbc.port=-1",
          "bpfforge.worker.enabled=false",
          "bpfforge.toolchains.local=false").applyTo(context);
    }
  }

  /**
   * The running worker, started on first use. Call it once the API context is up: the context
   * migrates the schema the worker claims jobs from.
   */
  public static synchronized GenericContainer<?> get() {
    if (container == null) {
      requirePrerequisites();
      GenericContainer<?> worker = create();
      worker.start();
      container = worker;
      // Ryuk cannot be pulled here, so the run removes its own (as ContainerPostgres does).
      Runtime.getRuntime().addShutdownHook(new Thread(worker::stop));
    }
    return container;
  }

  private static void requirePrerequisites() {
    Fixtures.requireDocker();
    Fixtures.require(Files.isRegularFile(WorkerProcess.JAR), WorkerProcess.JAR + " (mvn package)");
    boolean toolchainBuilt;
    try {
      DockerClientFactory.instance().client().inspectImageCmd(TOOLCHAIN_IMAGE).exec();
      toolchainBuilt = true;
    } catch (NotFoundException e) {
      toolchainBuilt = false;
    }
    Fixtures.require(toolchainBuilt, TOOLCHAIN_IMAGE + " (worker-images/build.sh)");
  }

  private static GenericContainer<?> create() {
    Path blobs;
    Path config = DATA_DIR.resolve("worker.yml");
    try {
      blobs = Files.createDirectories(DATA_DIR.resolve("blobs"));
      // Only the worker (root in its container) may enter; the tools' uid 10002 may not.
      Files.setPosixFilePermissions(blobs, PosixFilePermissions.fromString("rwx------"));
      // A YAML comment to Spring, an #error to clang: a compile that read it would print the marker.
      Files.writeString(config, "#error " + MARKER + "\nbpfforge:\n  test-secret: " + MARKER + "\n");
      Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The context holds just what the Dockerfile copies, at the paths it names (repository-relative).
    ImageFromDockerfile image = new ImageFromDockerfile(IMAGE, false)
        .withFileFromPath("Dockerfile", Fixtures.WORKER_IMAGES.resolve("worker/Dockerfile"))
        .withFileFromPath("worker-images/worker/entrypoint.sh", Fixtures.WORKER_IMAGES.resolve("worker/entrypoint.sh"))
        .withFileFromPath("service/target/bpfforge-service.jar", WorkerProcess.JAR)
        .withBuildArg("TOOLCHAIN_IMAGE", TOOLCHAIN_IMAGE)
        .withBuildArg("TOOLCHAIN_ID", TOOLCHAIN);
    return new GenericContainer<>(image)
        .withNetwork(ContainerPostgres.network())
        .withLabel("dev.bpfforge.test", "worker-container")
        .withEnv("SPRING_DATASOURCE_URL", ContainerPostgres.jdbcUrlInNetwork())
        .withEnv("SPRING_DATASOURCE_USERNAME", ContainerPostgres.USER)
        .withEnv("SPRING_DATASOURCE_PASSWORD", ContainerPostgres.PASSWORD)
        .withEnv("BPFFORGE_TEST_SECRET", MARKER)
        .withEnv("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + CONFIG)
        .withEnv("BPFFORGE_WORKER_NAME", "container-worker")
        .withEnv("BPFFORGE_QUEUE_IDLE_POLL", "200ms")
        .withEnv("BPFFORGE_SANDBOX_TIMEOUT", "30s")
        .withEnv("BPFFORGE_SANDBOX_CPU_TIME", "30s")
        .withFileSystemBind(blobs.toString(), "/var/lib/bpfforge/blobs", BindMode.READ_WRITE)
        .withFileSystemBind(config.toString(), CONFIG, BindMode.READ_ONLY)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
            .withCapDrop(Capability.ALL)
            .withCapAdd(Capability.SETUID, Capability.SETGID)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withReadonlyRootfs(true)
            .withTmpFs(Map.of("/forge", "size=1m", "/tmp", "size=512m", "/var/lib/bpfforge", "size=2g")))
        .waitingFor(Wait.forLogMessage(".*Started BpfForgeApplication.*", 1).withStartupTimeout(Duration.ofMinutes(5)));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bpfforge-worker-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
