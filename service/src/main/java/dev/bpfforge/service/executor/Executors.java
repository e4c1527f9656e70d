package dev.bpfforge.service.executor;

import dev.bpfforge.service.toolchain.Toolchain;
import dev.bpfforge.service.toolchain.Toolchains;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Which executor runs each toolchain: bubblewrap for the host's own, Docker for image toolchains. */
@Component
public class Executors {
  private final Map<String, Executor> byToolchain;

  Executors(Toolchains toolchains, LocalExecutor local, java.util.Optional<DockerExecutor> docker) {
    Map<String, Executor> map = new java.util.HashMap<>();
    for (Toolchain toolchain : toolchains.local()) {
      if (toolchain.image() == null) {
        map.put(toolchain.id(), local);
      } else {
        docker.ifPresent(d -> map.put(toolchain.id(), d));
      }
    }
    this.byToolchain = Map.copyOf(map);
  }

  public Executor forToolchain(Toolchain toolchain) {
    Executor executor = byToolchain.get(toolchain.id());
    if (executor == null) {
      throw new IllegalStateException("no executor here for toolchain " + toolchain.id());
    }
    return executor;
  }

  /** The toolchains this process can run jobs for. */
  public Set<String> runnable() {
    return byToolchain.keySet();
  }
}
