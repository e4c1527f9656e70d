package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tukaani.xz.XZInputStream;

/**
 * The real kernel BTF that tests run against: Debian kernels' BTF in the shared folder beside
 * the repository (never copied into it), and this host's own. Under {@code CI=true} a missing
 * file fails the test; elsewhere the test is skipped.
 */
final class SharedBtf {

  static final String DEBIAN_5_10_AMD64 = "5.10.0-32-amd64.btf.xz";
  static final String DEBIAN_6_1_AMD64 = "6.1.0-50-amd64.btf.xz";
  static final String DEBIAN_6_1_ARM64 = "6.1.0-50-arm64.btf.xz";
  static final Path HOST_VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

  // Maven runs tests in the module directory, btf-store/, two levels below shared/'s parent.
  private static final Path DIR = Path.of("..", "..", "shared", "btf");
  private static final Map<Path, byte[]> RAW = new ConcurrentHashMap<>();

  private SharedBtf() {
  }

  /** Path of a shared BTF file, e.g. {@link #DEBIAN_5_10_AMD64}, after checking it exists. */
  static Path file(String name) {
    return require(DIR.resolve(name));
  }

  /** Path of this host's BTF, after checking it exists. */
  static Path host() {
    return require(HOST_VMLINUX);
  }

  /** Raw (decompressed) BTF of a shared file, read once per test run. */
  static byte[] raw(String name) {
    return raw(file(name));
  }

  /** Raw BTF at {@code path}, decompressed if it ends in .xz; read once per test run. */
  static byte[] raw(Path path) {
    return RAW.computeIfAbsent(path.toAbsolutePath().normalize(), SharedBtf::read).clone();
  }

  static Path require(Path path) {
    return require(path, "true".equals(System.getenv("CI")));
  }

  static Path require(Path path, boolean ci) {
    if (ci) {
      assertThat(path).as("test BTF (CI=true: required, not skipped)").isReadable();
    } else {
      assumeTrue(Files.isReadable(path), () -> "test BTF not found, skipping: " + path.toAbsolutePath());
    }
    return path;
  }

  private static byte[] read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      // Decompressed with xz-java directly, independently of the code under test.
      return path.toString().endsWith(".xz") ? new XZInputStream(in).readAllBytes() : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
