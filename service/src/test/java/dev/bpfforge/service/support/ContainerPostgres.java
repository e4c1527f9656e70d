package dev.bpfforge.service.support;

import java.time.Duration;
import com.github.dockerjava.api.model.ContainerNetwork;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * PostgreSQL 15 in a Testcontainers container of the image docker-compose uses
 * ({@code compose/postgres/Dockerfile}, built here on the debootstrap base
 * {@code bpfforge/base:bookworm}; nothing is pulled). One per test run. The test JVM reaches it on
 * a mapped port; worker containers reach it as {@code postgres:5432} on an internal network (no
 * route anywhere else) that it is also connected to.
 */
public final class ContainerPostgres {
  public static final String IMAGE = "bpfforge/postgres:15-test";
  public static final String ALIAS = "postgres";
  public static final String DATABASE = "bpfforge";
  public static final String USER = "bpfforge";
  public static final String PASSWORD = "test-" + java.util.UUID.randomUUID();

  private static GenericContainer<?> container;
  private static Network network;

  private ContainerPostgres() {}

  /** Started on first use; stopped when the JVM exits. */
  public static synchronized GenericContainer<?> get() {
    if (container == null) {
      Fixtures.requireDocker();
      network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withInternal(true)
          .withLabels(java.util.Map.of("dev.bpfforge.test", "container-postgres"))).build();
      // Kept after the run (deleteOnExit=false): the next run's build is a cache hit.
      ImageFromDockerfile image = new ImageFromDockerfile(IMAGE, false)
          .withFileFromPath(".", Fixtures.PROJECT.resolve("compose/postgres"));
      GenericContainer<?> postgres = new GenericContainer<>(image)
          .withEnv("POSTGRES_DB", DATABASE)
          .withEnv("POSTGRES_USER", USER)
          .withEnv("POSTGRES_PASSWORD", PASSWORD)
          .withLabel("dev.bpfforge.test", "container-postgres")
          .withExposedPorts(5432)
          .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
              .withStartupTimeout(Duration.ofMinutes(10)));
      postgres.start();
      // A container on an internal network only cannot publish ports, so it joins that one second.
      DockerClientFactory.instance().client().connectToNetworkCmd()
          .withContainerId(postgres.getContainerId())
          .withNetworkId(network.getId())
          .withContainerNetwork(new ContainerNetwork().withAliases(ALIAS))
          .exec();
      container = postgres;
      // Ryuk (Testcontainers' reaper) cannot be pulled here, so the run removes its own.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        postgres.stop();
        network.close();
      }));
    }
    return container;
  }

  public static Network network() {
    get();
    return network;
  }

  /** The JDBC URL from the test JVM (the mapped port). */
  public static String jdbcUrl() {
    GenericContainer<?> postgres = get();
    return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + DATABASE;
  }

  /** The JDBC URL from another container on {@link #network()}. */
  public static String jdbcUrlInNetwork() {
    return "jdbc:postgresql://" + ALIAS + ":5432/" + DATABASE;
  }
}
