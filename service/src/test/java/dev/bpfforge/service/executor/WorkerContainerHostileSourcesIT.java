package dev.bpfforge.service.executor;

import dev.bpfforge.service.support.ForgeClient;
import dev.bpfforge.service.support.ServiceIT;
import dev.bpfforge.service.support.WorkerContainer;
import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.ToolchainRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The hostile-source suite against the Kubernetes shape: jobs go through this API-only replica to
 * the worker container ({@link WorkerContainer}), which compiles them through the setpriv sandbox
 * as uid 10002. The secret is the worker's own config, {@value WorkerContainer#CONFIG}: it is
 * there (root-owned, 0600), so clang is refused ("Permission denied") rather than not finding it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = WorkerContainer.ApiOnly.class)
class WorkerContainerHostileSourcesIT extends HostileSourcesContract {
  @LocalServerPort int port;
  @Autowired ToolchainRegistry registry;

  private CompileOverHttp overHttp;
  private Toolchain toolchain;

  @Override
  protected Secret placeSecret() throws InterruptedException {
    // Started here, after injection: the context has migrated the schema the worker claims from.
    WorkerContainer.get();
    toolchain = publishedToolchain();
    overHttp = new CompileOverHttp(new ForgeClient("http://localhost:" + port, ServiceIT.ADMIN_TOKEN), WorkerContainer.TOOLCHAIN);
    return new Secret(WorkerContainer.CONFIG, WorkerContainer.MARKER);
  }

  /**
   * The worker's toolchain once it is in the registry: the worker publishes it from a scheduled
   * task, which may run only after the container logged that it started.
   */
  private Toolchain publishedToolchain() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      Optional<Toolchain> published = registry.recent().stream().filter(t -> t.id().equals(WorkerContainer.TOOLCHAIN)).findFirst();
      if (published.isPresent()) {
        return published.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the worker container did not publish " + WorkerContainer.TOOLCHAIN + " within a minute");
      }
      Thread.sleep(200); // polling the table the worker writes
    }
  }

  @Override
  protected String refusedInclude(String written) {
    // clang names a relative include by the path it opened: the including file's dir "." + the text.
    return "cannot open file '" + (written.startsWith("/") ? written : "./" + written) + "': Permission denied";
  }

  @Override
  protected String refusedProbe(String written) {
    // clang opens what __has_include finds, and an unreadable file is a fatal error, not a "no".
    return refusedInclude(written);
  }

  @Override
  protected CompileResult compile(CompileJob job) {
    return overHttp.compile(job);
  }

  @Override
  protected Toolchain toolchain() {
    return toolchain;
  }
}
