package dev.bpfforge.service.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.service.executor.BwrapSandbox;
import dev.bpfforge.service.executor.Sandbox;
import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds an example's loader .so the way the service's compile plan does, with the host
 * toolchain: vmlinux.h from a kernel's BTF, {@code clang -g -O2 -target bpf}, {@code bpftool gen
 * skeleton}, then this branch's {@code worker-images/loader/bpfforge-link-so} in the bubblewrap
 * sandbox (its sources from the repository, its static PIC libs from /usr/local/lib/bpfforge, as
 * scripts/install-prereqs.sh installs them).
 */
final class LoaderBuild {
  static final Path LOADER = Fixtures.WORKER_IMAGES.resolve("loader");
  static final Path LINK_SO = LOADER.resolve("bpfforge-link-so");
  static final Path LIBS = Path.of("/usr/local/lib/bpfforge");

  /** The artifacts of one example for one kernel: object, skeleton, .so, and the source's digest. */
  record Built(Path object, Path skeleton, Path so, String sourceSha256) {}

  private LoaderBuild() {}

  static void requireLinkTools(String arch) {
    Fixtures.requireToolchain();
    Fixtures.require(Files.isRegularFile(LIBS.resolve(arch).resolve("libbpf.a")),
        "the static PIC loader libs in " + LIBS.resolve(arch) + " (scripts/install-prereqs.sh)");
  }

  /** vmlinux.h of a BTF file, as the service makes it. */
  static Path vmlinuxHeader(Path btf, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Tools.Run dump = Tools.run(List.of("bpftool", "btf", "dump", "file", btf.toString(), "format", "c"));
    assertThat(dump.exitCode()).as("bpftool btf dump: %s", dump.output()).isZero();
    return Files.writeString(dir.resolve("vmlinux.h"), dump.output());
  }

  static Built build(String example, String arch, String kernel, Path vmlinuxDir, Path out)
      throws IOException, InterruptedException {
    Path src = Fixtures.EXAMPLES.resolve(example);
    Files.createDirectories(out);
    Path object = out.resolve(example + ".o");
    List<String> clang = new ArrayList<>(List.of("clang", "-g", "-O2", "-target", "bpf",
        "-D__TARGET_ARCH_" + (arch.equals("arm64") ? "arm64" : "x86"), "-mcpu=v3",
        "-I" + src, "-I" + vmlinuxDir, "-idirafter", "/usr/include/x86_64-linux-gnu",
        "-c", src.resolve(example + ".bpf.c").toString(), "-o", object.toString()));
    check(clang);
    Path skeleton = out.resolve(example + ".skel.h");
    Tools.Run gen = Tools.run(List.of("bpftool", "gen", "skeleton", object.toString(), "name", example));
    assertThat(gen.exitCode()).as("bpftool gen skeleton: %s", gen.output()).isZero();
    Files.writeString(skeleton, gen.output());
    String sha = sha256(Files.readAllBytes(src.resolve(example + ".bpf.c")));
    Path so = out.resolve(example + ".so");
    Sandbox.Result link = linkSo(out, arch, example, sha, kernel);
    assertThat(link.succeeded()).as("bpfforge-link-so: %s", link.output()).isTrue();
    return new Built(object, skeleton, so, sha);
  }

  /**
   * Runs the link step as the local executor does: under bubblewrap ({@link Sandbox}: no network,
   * only /usr of the host, read-only), working dir = the output dir, mounted at /job/out. The
   * repository's loader sources are mounted read-only at /job/loader.
   */
  static Sandbox.Result linkSo(Path out, String arch, String name, String sha, String kernel)
      throws IOException {
    Path log = Files.createTempFile("bpfforge-link-so", ".log");
    try {
      Sandbox sandbox = new BwrapSandbox("bwrap", new Sandbox.Limits(Duration.ofMinutes(5), Duration.ofMinutes(5),
          4L << 30, 256L << 20, 1 << 20));
      List<String> command = List.of("sh", "-c", "BPFFORGE_LOADER_DIR=/job/loader exec sh /job/loader/bpfforge-link-so \"$@\"",
          "bpfforge-link-so", "--arch", arch, "--skel", "/job/out/" + name + ".skel.h", "--name", name,
          "--source-sha256", sha, "--kernel", kernel, "-o", "/job/out/" + name + ".so");
      return sandbox.run(new Sandbox.Invocation(command,
          List.of(new Sandbox.Mount(out, "/job/out", true), new Sandbox.Mount(LOADER, "/job/loader", false)),
          "/job/out", null, log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static void check(List<String> command) throws IOException, InterruptedException {
    Tools.Run run = Tools.run(command);
    assertThat(run.exitCode()).as("%s: %s", command.get(0), run.output()).isZero();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
