package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.compile.ArtifactKind;
import dev.bpfforge.service.compile.CompileOptions;
import dev.bpfforge.service.compile.Mcpu;
import dev.bpfforge.service.compile.SourcePath;
import dev.bpfforge.service.compile.SourceTree;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.Tools;
import dev.bpfforge.service.toolchain.DockerToolchains;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker executor against a real daemon and the real worker images: every example through
 * every toolchain (host objects loaded in the verifier), the sandbox flags read back with
 * docker inspect, and hostile jobs that end cleanly with the daemon still serving the next one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerExecutorIT {
  static final List<String> EXAMPLES = List.of("execsnoop", "unlinksnoop", "mallocsnoop", "usdtsnoop", "xdpcount");
  static final String RUNNER = "docker-executor-it";
  static final KernelRelease HOST_RELEASE = KernelRelease.parse(System.getProperty("os.version"));

  @TempDir Path tmp;
  DockerClient docker;
  ContainerRunner containers;
  DockerExecutor executor;
  List<Toolchain> toolchains;
  byte[] hostBtf;

  @BeforeAll
  void daemon() throws IOException {
    Fixtures.requireDocker();
    Fixtures.requireVerifier();
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    containers = new ContainerRunner(docker, RUNNER,
        new Sandbox.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), 2L << 30, 256L << 20, 1 << 20), 128, 1_000_000_000L);
    Path cache = Files.createTempDirectory("docker-it-vmlinux");
    executor = new DockerExecutor(containers, new VmlinuxHeaderCache(cache), 64L << 20);
    toolchains = new DockerToolchains(containers, Fixtures.WORKER_IMAGES.toString()).discover();
    hostBtf = Files.readAllBytes(Fixtures.HOST_BTF);
  }

  @AfterAll
  void close() throws IOException {
    if (docker != null) {
      docker.close();
    }
  }

  @Test
  void everyWorkerImageIsAToolchainWithVersionsReadFromItsTools() {
    assertThat(toolchains).extracting(Toolchain::id).contains("clang14-bookworm", "clang16-bookworm", "clang19-trixie");
    assertThat(toolchains).allSatisfy(t -> {
      assertThat(t.clangVersion()).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(t.libbpfVersion()).matches("1\\.[4-9]");
      assertThat(t.bpftoolVersion()).startsWith("7.");
      assertThat(t.systemIncludes()).isNotEmpty();
    });
    assertThat(toolchains.stream().filter(t -> t.id().equals("clang19-trixie")).findFirst().orElseThrow().clangMajor()).isEqualTo(19);
  }

  @Test
  void everyExampleCompilesThroughEveryToolchainAndLoadsInTheVerifier() throws Exception {
    for (Toolchain toolchain : toolchains) {
      for (String example : EXAMPLES) {
        CompileResult result = executor.compile(job(example, toolchain));
        assertThat(result.succeeded()).as(toolchain.id() + " " + example + ":\n" + result.log()).isTrue();
        assertThat(result.vmlinux()).isEqualTo(CompileResult.VmlinuxSource.TARGET);
        Path object = Files.write(tmp.resolve(toolchain.id() + "-" + example + ".o"), result.object());
        Tools.Run load = Tools.verifierLoad(object);
        assertThat(load.exitCode()).as(toolchain.id() + " " + example + " verifier: " + load.output()).isZero();
      }
    }
  }

  @Test
  void skeletonAndMinimizedBtfComeFromEveryToolchainAndWork() throws Exception {
    for (Toolchain toolchain : toolchains) {
      CompileResult result = executor.compile(job("execsnoop", toolchain, Set.of(ArtifactKind.SKEL, ArtifactKind.BTF)));
      assertThat(result.succeeded()).as(toolchain.id() + ":\n" + result.log()).isTrue();
      assertThat(result.durations().keySet()).as(toolchain.id()).containsExactly("vmlinux.h", "clang", "skeleton", "min_btf");
      System.out.println(toolchain.id() + " execsnoop steps (container): " + result.durations());

      Path dir = Files.createDirectories(tmp.resolve(toolchain.id()));
      Files.write(dir.resolve("execsnoop.skel.h"), result.artifacts().get(ArtifactKind.SKEL));
      Path user = Files.writeString(dir.resolve("user.c"), "#include \"execsnoop.skel.h\"\nint main(void) { return 0; }\n");
      Tools.Run cc = Tools.run(List.of("cc", "-fsyntax-only", "-I", dir.toString(), user.toString()));
      assertThat(cc.exitCode()).as(toolchain.id() + " skeleton: " + cc.output()).isZero();

      Path object = Files.write(dir.resolve("execsnoop.o"), result.object());
      Path minBtf = Files.write(dir.resolve("execsnoop.min.btf"), result.artifacts().get(ArtifactKind.BTF));
      assertThat(Tools.run(List.of("bpftool", "btf", "dump", "file", minBtf.toString())).exitCode()).isZero();
      Tools.Run load = Tools.loadWithCustomBtf(object, minBtf);
      assertThat(load.exitCode()).as(toolchain.id() + " load with minimized BTF: " + load.output()).isZero();
    }
  }

  @Test
  void soFromEveryToolchainIsALoaderOrAClearRefusal() throws Exception {
    for (Toolchain toolchain : toolchains) {
      boolean linker = runQuietly(toolchain, "test -x " + CompilePlan.LINK_SO + " && echo LINKER-PRESENT").log().contains("LINKER-PRESENT");
      CompileResult result = executor.compile(job("execsnoop", toolchain, Set.of(ArtifactKind.SO)));
      if (linker) {
        assertThat(result.succeeded()).as(toolchain.id() + ":\n" + result.log()).isTrue();
        assertThat(Tools.elfType(result.artifacts().get(ArtifactKind.SO))).as("ET_DYN").isEqualTo(3);
      } else {
        assertThat(result.failure()).as(toolchain.id()).isEqualTo(CompileResult.Failure.UNSUPPORTED);
        assertThat(result.message()).startsWith("toolchain " + toolchain.id() + " cannot link a loader .so: " + CompilePlan.LINK_SO);
      }
    }
  }

  @Test
  void compileErrorsComeBackInTheUsersPaths() throws IOException {
    Toolchain toolchain = toolchains.get(0);
    SourceTree tree = new SourceTree(Map.of(new SourcePath("src/bad.bpf.c"), "int f(void) { return nope; }\n".getBytes()));
    CompileResult result = executor.compile(new CompileJob(tree, options("src/bad.bpf.c", List.of()), Arch.X86_64, Mcpu.V3,
        Sha256.of(hostBtf), () -> hostBtf, toolchain, HOST_RELEASE, "bad", Set.of(ArtifactKind.O)));
    assertThat(result.failure()).isEqualTo(CompileResult.Failure.COMPILE_ERROR);
    assertThat(result.diagnostics()).anySatisfy(d -> {
      assertThat(d.file()).isEqualTo("src/bad.bpf.c");
      assertThat(d.line()).isEqualTo(1);
      assertThat(d.message()).contains("nope");
    });
    assertThat(result.log()).doesNotContain("/forge/");
  }

  @Test
  void jobContainerRunsWithTheSandboxFlags() throws Exception {
    Toolchain toolchain = toolchains.get(0);
    CompletableFuture<ContainerRunner.Outcome> run = CompletableFuture.supplyAsync(() -> runQuietly(toolchain, "sleep 5"));
    InspectContainerResponse inspected = null;
    for (int i = 0; i < 100 && inspected == null; i++) {
      List<Container> mine = docker.listContainersCmd().withLabelFilter(Map.of(ContainerRunner.LABEL_RUNNER, RUNNER)).exec();
      if (!mine.isEmpty()) {
        inspected = docker.inspectContainerCmd(mine.get(0).getId()).exec();
      } else {
        Thread.sleep(50); // polling the daemon for the container to appear
      }
    }
    assertThat(inspected).as("the job's container was seen running").isNotNull();
    var host = inspected.getHostConfig();
    assertThat(host.getNetworkMode()).isEqualTo("none");
    assertThat(host.getReadonlyRootfs()).isTrue();
    assertThat(host.getCapDrop()).contains(Capability.ALL);
    assertThat(host.getSecurityOpts()).contains("no-new-privileges");
    assertThat(host.getPidsLimit()).isEqualTo(128L);
    assertThat(host.getMemory()).isEqualTo(2L << 30);
    assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
    assertThat(host.getTmpFs()).containsKey("/tmp");
    assertThat(inspected.getConfig().getUser()).isEqualTo("10001:10001");
    assertThat(inspected.getConfig().getLabels()).containsEntry(ContainerRunner.LABEL_MANAGED, "true");
    assertThat(run.get().succeeded()).isTrue();
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(ContainerRunner.LABEL_RUNNER, RUNNER)).exec())
        .as("removed in finally").isEmpty();
  }

  @Test
  void hostileJobsEndCleanlyAndTheNextJobRuns() throws Exception {
    Toolchain toolchain = toolchains.get(0);
    ContainerRunner.Outcome network = runQuietly(toolchain,
        "exec 3<>/dev/tcp/1.1.1.1/53 && echo CONNECTED; exec 3<>/dev/tcp/127.0.0.1/22 && echo CONNECTED; echo done");
    assertThat(network.log()).doesNotContain("CONNECTED");
    ContainerRunner.Outcome write = runQuietly(toolchain, "touch /usr/owned || touch /owned || echo WRITE-REFUSED; id -u");
    assertThat(write.log()).contains("WRITE-REFUSED", "10001");
    ContainerRunner.Outcome forkBomb = runQuietly(toolchain, "f() { f | f & }; f; sleep 2; echo survived");
    assertThat(forkBomb.log()).containsAnyOf("fork", "Resource temporarily unavailable", "retry", "survived");
    ContainerRunner slow = new ContainerRunner(docker, RUNNER,
        new Sandbox.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2), 1L << 30, 1L << 20, 1 << 16), 64, 1_000_000_000L);
    long started = System.nanoTime();
    ContainerRunner.Outcome timeout = slow.run(spec(toolchain, "sleep 300"));
    assertThat(timeout.timedOut()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));

    CompileResult next = executor.compile(job("xdpcount", toolchain));
    assertThat(next.succeeded()).as(next.log()).isTrue();
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(ContainerRunner.LABEL_RUNNER, RUNNER)).exec()).isEmpty();
  }

  private ContainerRunner.Outcome runQuietly(Toolchain toolchain, String script) {
    try {
      return containers.run(spec(toolchain, script));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ContainerRunner.Spec spec(Toolchain toolchain, String script) {
    return new ContainerRunner.Spec(toolchain.image(), List.of("bash", "-c", script), Map.of(), Map.of(), List.of("out"),
        "/forge", "test", "/forge/out");
  }

  private CompileJob job(String example, Toolchain toolchain) throws IOException {
    return job(example, toolchain, Set.of(ArtifactKind.O));
  }

  private CompileJob job(String example, Toolchain toolchain, Set<ArtifactKind> kinds) throws IOException {
    Path dir = Fixtures.EXAMPLES.resolve(example);
    Map<SourcePath, byte[]> files = new LinkedHashMap<>();
    List<String> includes = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(f).toString();
        files.put(new SourcePath(rel), Files.readAllBytes(f));
        if (rel.contains("/") && !includes.contains(rel.substring(0, rel.indexOf('/')))) {
          includes.add(rel.substring(0, rel.indexOf('/')));
        }
      }
    }
    return new CompileJob(new SourceTree(files), options(example + ".bpf.c", includes), Arch.X86_64, Mcpu.V3,
        Sha256.of(hostBtf), () -> hostBtf, toolchain, HOST_RELEASE, example, kinds);
  }

  private static CompileOptions options(String entry, List<String> includes) {
    return new CompileOptions(SourcePath.parse(entry, "entry", 16), includes, List.of(), Optional.empty(), false);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
