package dev.bpfforge.service.executor;

import dev.bpfforge.service.support.Fixtures;
import dev.bpfforge.service.toolchain.LocalToolchain;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/** The hostile-source suite against the host's tools under bubblewrap (the embedded default). */
class LocalHostileSourcesIT extends HostileSourcesContract {
  private LocalExecutor executor;
  private Toolchain toolchain;

  @BeforeAll
  void localExecutor() throws IOException {
    Fixtures.requireToolchain();
    Path root = Files.createTempDirectory("hostile-local");
    Sandbox sandbox = new BwrapSandbox("bwrap", new Sandbox.Limits(Duration.ofSeconds(40), Duration.ofSeconds(40),
        4L << 30, 64L << 20, 1 << 20));
    executor = new LocalExecutor(root.resolve("jobs"), sandbox, new VmlinuxHeaderCache(root.resolve("vmlinux")), 64L << 20);
    toolchain = LocalToolchain.probe("local").orElseThrow(() -> new AssertionError("the host toolchain did not probe"));
  }

  @Override
  protected CompileResult compile(CompileJob job) throws IOException {
    return executor.compile(job);
  }

  @Override
  protected Toolchain toolchain() {
    return toolchain;
  }
}
