package dev.bpfforge.cli.commands;

import dev.bpfforge.cli.CliException;
import dev.bpfforge.cli.ExitCodes;
import dev.bpfforge.cli.Output;
import dev.bpfforge.cli.http.ForgeApi;
import dev.bpfforge.cli.http.MultipartBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --kernel local}: this machine's kernel ({@code uname -r}, which the JVM reads as
 * {@code os.version}, and its arch). If the service's catalog lacks it, its BTF from
 * {@code /sys/kernel/btf/vmlinux} is uploaded first: adding a kernel is open to every user.
 */
final class LocalKernel {
  static final Path HOST_BTF = Path.of("/sys/kernel/btf/vmlinux");

  private LocalKernel() {}

  static String release() {
    return System.getProperty("os.version");
  }

  /** The machine's arch as the service spells it (uname -m for x86_64, Debian's arm64). */
  static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  /** Makes sure the service knows this kernel and returns it as a build target, RELEASE@ARCH. */
  static String ensureInCatalog(ForgeApi api, Output output) {
    String release = release();
    String arch = arch();
    ForgeApi.Response known = api.send(api.request("/v1/kernels/" + ForgeCommand.encode(release) + "?arch=" + arch).GET().build());
    if (known.status() == 404) {
      upload(api, output, release, arch);
    } else {
      api.expectOk(known, "kernel " + release);
    }
    return release + "@" + arch;
  }

  private static void upload(ForgeApi api, Output output, String release, String arch) {
    if (!Files.isReadable(HOST_BTF)) {
      throw new CliException(ExitCodes.NOT_FOUND, "the service has no kernel " + release + " (" + arch + ") and this machine has no "
          + "readable " + HOST_BTF + " to add it from: upload its BTF with 'bpfforge kernels upload FILE'.");
    }
    output.notice("bpfforge: the service has no kernel " + release + " (" + arch + "); uploading this machine's " + HOST_BTF);
    byte[] btf;
    try {
      btf = Files.readAllBytes(HOST_BTF); // sysfs reports no useful size, so it is read whole (a few MB)
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + HOST_BTF + ": " + e.getMessage());
    }
    MultipartBody body = new MultipartBody().file("file", "vmlinux", btf).field("release", release).field("arch", arch);
    api.expectOk(api.postMultipart("/v1/kernels", body), "the kernel catalog");
  }
}
