package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.toolchain.DockerToolchains;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-source suite against the Docker executor (a fresh container of the worker image per
 * job), with clang 19, the toolchain that has {@code #embed}.
 */
class DockerHostileSourcesIT extends HostileSourcesContract {
  private static final String TOOLCHAIN = "clang19-trixie";
  private DockerClient docker;
  private DockerExecutor executor;
  private Toolchain toolchain;

  @BeforeAll
  void dockerExecutor() throws IOException {
    Fixtures.requireDocker();
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    ContainerRunner containers = new ContainerRunner(docker, "hostile-sources-it",
        new Sandbox.Limits(Duration.ofSeconds(40), Duration.ofSeconds(40), 2L << 30, 64L << 20, 1 << 20), 128, 1_000_000_000L);
    executor = new DockerExecutor(containers, new VmlinuxHeaderCache(Files.createTempDirectory("hostile-docker")), 64L << 20);
    List<Toolchain> toolchains = new DockerToolchains(containers, Fixtures.WORKER_IMAGES.toString()).discover();
    toolchain = toolchains.stream().filter(t -> t.id().equals(TOOLCHAIN)).findFirst()
        .orElseThrow(() -> new AssertionError(TOOLCHAIN + " image missing: run worker-images/build.sh"));
  }

  @AfterAll
  void closeDocker() throws IOException {
    if (docker != null) {
      docker.close();
    }
  }

  @Override
  protected CompileResult compile(CompileJob job) throws IOException {
    return executor.compile(job);
  }

  @Override
  protected Toolchain toolchain() {
    return toolchain;
  }

  @Test
  void embedWorksOnTheTreeButFindsNoHostFile() throws IOException {
    // The positive control shows #embed is live in this toolchain, so the refusal below is the sandbox's doing.
    CompileResult own = compile(Map.of("bpf.c", "const char own[] = {\n#embed \"blob.bin\"\n};\n"
        + "char LICENSE[] __attribute__((section(\"license\"))) = \"GPL\";\n", "blob.bin", "abc"), List.of());
    assertThat(own.succeeded()).as(own.log()).isTrue();

    CompileResult stolen = compileProgram("const char stolen_bytes[] = {\n#embed \"" + secret().path() + "\"\n};");
    assertFailedWithoutMarker(stolen, refusedInclude(secret().path()));
  }
}
