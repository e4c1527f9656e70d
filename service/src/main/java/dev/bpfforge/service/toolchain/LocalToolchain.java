package dev.bpfforge.service.toolchain;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The toolchain installed on this host (run under bubblewrap by the local executor). */
public final class LocalToolchain {
  private LocalToolchain() {}

  public static Optional<Toolchain> probe(String id) {
    try {
      Process process = new ProcessBuilder("sh", "-c", ToolchainProbe.SCRIPT)
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return ToolchainProbe.parse(id, null, out, Set.of());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
