package dev.bpfforge.service.executor;

import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.config.BpfForgeProperties.SandboxMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the sandbox of the local executor. {@code auto} tries bubblewrap for real (a run of
 * {@code true} in fresh namespaces): on a host it works; in an unprivileged container the kernel
 * refuses the namespaces and the tools run as a separate user instead (or, where neither works,
 * as in an API-only process, a warning). A mode set explicitly that cannot work here stops
 * start-up rather than the first compile.
 */
final class SandboxSelection {
  private static final Logger log = LoggerFactory.getLogger(SandboxSelection.class);

  private SandboxSelection() {}

  static Sandbox select(BpfForgeProperties.Sandbox settings, Sandbox.Limits limits, Path dataDir) {
    BwrapSandbox bwrap = new BwrapSandbox(settings.bwrap(), limits);
    SetprivSandbox setpriv = new SetprivSandbox(limits, settings.toolsUid(), settings.toolsGid(),
        settings.maxProcesses(), dataDir);
    SandboxMode mode = settings.mode();
    if (mode == SandboxMode.AUTO) {
      String bwrapRefused = probe(bwrap);
      if (bwrapRefused == null) {
        log.info("local executor sandbox: bwrap");
        return bwrap;
      }
      String setprivRefused = probe(setpriv);
      if (setprivRefused == null) {
        log.info("bubblewrap cannot make namespaces here ({}); tools run as uid {} (setpriv)", bwrapRefused, settings.toolsUid());
        return setpriv;
      }
      // An API-only process never runs a tool; one that does fails its jobs with this reason.
      log.warn("no sandbox works here, local compiles will fail: bwrap: {}; setpriv: {}", bwrapRefused, setprivRefused);
      return bwrap;
    }
    Sandbox chosen = mode == SandboxMode.BWRAP ? bwrap : setpriv;
    String broken = probe(chosen);
    if (broken != null) {
      throw new IllegalStateException("bpfforge.sandbox.mode=" + mode.name().toLowerCase() + " does not work here: "
          + broken + (mode == SandboxMode.SETPRIV
              ? " (setpriv needs a worker running as root with CAP_SETUID and CAP_SETGID)"
              : " (bubblewrap needs user namespaces; in a container use mode setpriv)"));
    }
    log.info("local executor sandbox: {}", mode.name().toLowerCase());
    return chosen;
  }

  /** Null when a trivial tool runs in the sandbox, else what went wrong. */
  private static String probe(Sandbox sandbox) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("bpfforge-sandbox-probe-");
      Path log = Files.createFile(dir.resolve("log"));
      Sandbox.Result result = sandbox.run(new Sandbox.Invocation(List.of("true"), List.of(), "/tmp", null, log));
      return result.succeeded() ? null : "exit " + result.exitCode() + ": " + result.output().strip();
    } catch (IOException e) {
      return e.getMessage();
    } finally {
      if (dir != null) {
        try {
          FileTrees.deleteRecursively(dir);
        } catch (IOException ignored) {
          // a temp dir left behind is harmless
        }
      }
    }
  }
}
