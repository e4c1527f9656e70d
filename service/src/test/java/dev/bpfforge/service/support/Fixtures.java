package dev.bpfforge.service.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test fixtures named in one place: the shared kernel BTF beside the project, the bundled
 * examples, and the host facilities (root, bpffs, clang) that integration tests need. Under
 * {@code CI=true} a missing prerequisite fails the test; elsewhere it skips it.
 */
public final class Fixtures {
  public static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  public static final Path SHARED_BTF = PROJECT.resolve("../shared/btf").normalize();
  public static final Path EXAMPLES = PROJECT.resolve("examples");
  /** The real Debian kernel package in ../shared/kernel-packages, and the release it holds. */
  public static final Path DEBIAN_PACKAGE = PROJECT.resolve(
      "../shared/kernel-packages/linux-image-6.12.94+deb13-cloud-amd64-unsigned_6.12.94-1_amd64.deb").normalize();
  public static final String DEBIAN_PACKAGE_RELEASE = "6.12.94+deb13-cloud-amd64";
  public static final Path HOST_BTF = Path.of("/sys/kernel/btf/vmlinux");
  public static final Path BPFFS = Path.of("/sys/fs/bpf");

  /** A kernel from ../shared/btf: its upload name, release and arch. */
  public record SharedKernel(Path file, String release, String arch) {}

  public static final List<SharedKernel> SHARED_KERNELS = List.of(
      new SharedKernel(SHARED_BTF.resolve("5.10.0-32-amd64.btf.xz"), "5.10.0-32-amd64", "x86_64"),
      new SharedKernel(SHARED_BTF.resolve("6.1.0-50-amd64.btf.xz"), "6.1.0-50-amd64", "x86_64"),
      new SharedKernel(SHARED_BTF.resolve("6.1.0-50-arm64.btf.xz"), "6.1.0-50-arm64", "arm64"));

  private Fixtures() {}

  public static boolean inCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** Requires a condition the test cannot run without: fails in CI, skips elsewhere. */
  public static void require(boolean present, String what) {
    if (inCi()) {
      assertThat(present).as("CI=true requires " + what).isTrue();
    } else {
      assumeTrue(present, "needs " + what);
    }
  }

  public static void requireSharedBtf() {
    require(SHARED_KERNELS.stream().allMatch(k -> Files.isReadable(k.file())), "the kernel BTF in " + SHARED_BTF);
  }

  public static void requireVerifier() {
    require("root".equals(System.getProperty("user.name")), "root, to load programs into the kernel verifier");
    require(Files.isReadable(HOST_BTF), HOST_BTF + " (kernel BTF)");
    require(Files.isDirectory(BPFFS) && isMounted(BPFFS), "bpffs mounted at " + BPFFS);
  }

  public static final Path WORKER_IMAGES = PROJECT.resolve("worker-images");
  public static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");

  /** A Docker daemon and the worker images (worker-images/build.sh). */
  public static void requireDocker() {
    require(Files.exists(DOCKER_SOCKET), "a Docker daemon at " + DOCKER_SOCKET + " (.ci/run starts one)");
  }

  /** The loader linker the .so step calls (branch loader's scripts install it for the host and every image). */
  public static final Path LOADER_LINKER = Path.of("/usr/local/bin/bpfforge-link-so");

  public static void requireLoaderLinker() {
    require(Files.isExecutable(LOADER_LINKER), LOADER_LINKER + ", the loader .so linker (scripts/install-prereqs.sh)");
  }

  public static void requireToolchain() {
    require(onPath("clang") && onPath("bpftool") && onPath("bwrap") && onPath("llvm-objcopy"),
        "clang, llvm, bpftool and bubblewrap (scripts/install-prereqs.sh)");
  }

  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool));
  }

  private static boolean isMounted(Path dir) {
    try {
      return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(dir.toString()));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
