package dev.bpfforge.service.toolchain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Gathers the toolchains this process holds: the host's own (bubblewrap) and worker images (Docker). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ToolchainConfiguration.ToolchainProperties.class)
class ToolchainConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ToolchainConfiguration.class);

  /**
   * @param local offer the tools installed on this host as a toolchain
   * @param localId the id of that toolchain (distinct ids let hosts with different tools coexist)
   * @param dir folder of worker-images/&lt;id&gt;/toolchain.json files, used when Docker is enabled
   */
  @ConfigurationProperties("bpfforge.toolchains")
  record ToolchainProperties(
      @DefaultValue("true") boolean local, @DefaultValue("local") String localId, @DefaultValue("worker-images") String dir) {}

  @Bean
  ToolchainRegistry toolchainRegistry(JdbcClient jdbc, ObjectMapper json, Clock clock) {
    return new ToolchainRegistry(jdbc, json, clock, Duration.ofMinutes(3));
  }

  @Bean
  Toolchains toolchains(ToolchainProperties properties, ObjectProvider<DockerToolchains> docker, ToolchainRegistry registry) {
    List<Toolchain> installed = new ArrayList<>();
    if (properties.local()) {
      LocalToolchain.probe(properties.localId()).ifPresentOrElse(installed::add,
          () -> log.warn("no local toolchain: clang, bpftool and libbpf headers are needed (scripts/install-prereqs.sh)"));
    }
    docker.ifAvailable(d -> installed.addAll(d.discover()));
    installed.forEach(t -> log.info("toolchain {}: clang {}, libbpf {}, bpftool {}{}", t.id(), t.clangVersion(),
        t.libbpfVersion(), t.bpftoolVersion(), t.image() == null ? " (this host's tools)" : " (image " + t.image() + ")"));
    return new Toolchains(installed, registry);
  }

  /** A process with workers keeps its toolchains published while it runs. */
  @Bean
  @ConditionalOnProperty(prefix = "bpfforge.worker", name = "enabled", havingValue = "true", matchIfMissing = true)
  ToolchainPublisher toolchainPublisher(Toolchains toolchains, ToolchainRegistry registry) {
    return new ToolchainPublisher(toolchains, registry);
  }

  static class ToolchainPublisher {
    private final Toolchains toolchains;
    private final ToolchainRegistry registry;

    ToolchainPublisher(Toolchains toolchains, ToolchainRegistry registry) {
      this.toolchains = toolchains;
      this.registry = registry;
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 0)
    void publish() {
      registry.publish(toolchains.local());
    }
  }
}
