package dev.bpfforge.service.toolchain;

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

/** Gathers the toolchains this process holds: the host's own (bubblewrap) and worker images (Docker). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ToolchainConfiguration.ToolchainProperties.class)
class ToolchainConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ToolchainConfiguration.class);

  /**
   * @param local offer the tools installed on this host as toolchain "local"
   * @param dir folder of worker-images/&lt;id&gt;/toolchain.json files, used when Docker is enabled
   */
  @ConfigurationProperties("bpfforge.toolchains")
  record ToolchainProperties(@DefaultValue("true") boolean local, @DefaultValue("worker-images") String dir) {}

  @Bean
  Toolchains toolchains(ToolchainProperties properties, ObjectProvider<DockerToolchains> docker) {
    List<Toolchain> installed = new ArrayList<>();
    if (properties.local()) {
      LocalToolchain.probe().ifPresentOrElse(installed::add,
          () -> log.warn("no local toolchain: clang, bpftool and libbpf headers are needed (scripts/install-prereqs.sh)"));
    }
    docker.ifAvailable(d -> installed.addAll(d.discover()));
    installed.forEach(t -> log.info("toolchain {}: clang {}, libbpf {}, bpftool {}{}", t.id(), t.clangVersion(),
        t.libbpfVersion(), t.bpftoolVersion(), t.image() == null ? " (host, bubblewrap)" : " (image " + t.image() + ")"));
    return new Toolchains(installed);
  }
}
