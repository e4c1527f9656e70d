package dev.bpfforge.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the CLI's end-to-end tests use, named in one place: the project's jars and scripts, the
 * shared kernel BTF beside the project, and the host facilities (root, bpffs, clang). Under
 * {@code CI=true} a missing prerequisite fails the test; elsewhere it skips it.
 */
public final class CliFixtures {
  public static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  public static final Path SERVICE_JAR = PROJECT.resolve("service/target/bpfforge-service.jar");
  public static final Path CLI_JAR = PROJECT.resolve("cli/target/bpfforge-cli.jar");
  public static final Path LAUNCHER = PROJECT.resolve("cli/bin/bpfforge");
  public static final Path EXAMPLES = PROJECT.resolve("examples");
  public static final Path CI_EXAMPLES = EXAMPLES.resolve("ci");
  public static final Path SHARED_BTF = PROJECT.resolve("../shared/btf").normalize();
  public static final Path HOST_BTF = Path.of("/sys/kernel/btf/vmlinux");
  public static final Path BPFFS = Path.of("/sys/fs/bpf");

  /** A kernel from ../shared/btf: its file, release and arch. */
  public record SharedKernel(Path file, String release, String arch) {
    public String target() {
      return release + "@" + arch;
    }
  }

  public static final List<SharedKernel> SHARED_KERNELS = List.of(
      new SharedKernel(SHARED_BTF.resolve("5.10.0-32-amd64.btf.xz"), "5.10.0-32-amd64", "x86_64"),
      new SharedKernel(SHARED_BTF.resolve("6.1.0-50-amd64.btf.xz"), "6.1.0-50-amd64", "x86_64"),
      new SharedKernel(SHARED_BTF.resolve("6.1.0-50-arm64.btf.xz"), "6.1.0-50-arm64", "arm64"));

  private CliFixtures() {}

  public static void require(boolean present, String what) {
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("CI=true requires " + what).isTrue();
    } else {
      assumeTrue(present, "needs " + what);
    }
  }

  public static void requireJars() {
    require(Files.isRegularFile(SERVICE_JAR) && Files.isRegularFile(CLI_JAR),
        SERVICE_JAR + " and " + CLI_JAR + " (built by mvn package before integration tests)");
  }

  public static void requireToolchain() {
    require(onPath("clang") && onPath("bpftool") && onPath("bwrap"), "clang, bpftool and bubblewrap (scripts/install-prereqs.sh)");
  }

  public static void requireSharedBtf() {
    require(SHARED_KERNELS.stream().allMatch(k -> Files.isReadable(k.file())), "the kernel BTF in " + SHARED_BTF);
  }

  public static void requireVerifier() {
    require("root".equals(System.getProperty("user.name")), "root, to load programs into the kernel verifier");
    require(Files.isReadable(HOST_BTF), HOST_BTF + " (kernel BTF)");
    require(Files.isDirectory(BPFFS), "bpffs at " + BPFFS);
  }

  /** Loads every program of the object with {@code bpftool prog loadall}: the running kernel's verifier. */
  public static ProcessResult verifierLoad(Path object) throws IOException, InterruptedException {
    Path pin = BPFFS.resolve("bpfforge-cli-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      return ProcessResult.run(List.of("bpftool", "prog", "loadall", object.toString(), pin.toString()), null, java.util.Map.of());
    } finally {
      ProcessResult.run(List.of("rm", "-rf", pin.toString()), null, java.util.Map.of());
    }
  }

  /** ELF header machine field: 247 is EM_BPF. */
  public static int elfMachine(Path object) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(object)).order(ByteOrder.LITTLE_ENDIAN).getShort(18) & 0xffff;
  }

  static boolean onPath(String tool) {
    for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
