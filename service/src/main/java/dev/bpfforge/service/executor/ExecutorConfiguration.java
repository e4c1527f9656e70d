package dev.bpfforge.service.executor;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecutorConfiguration {
  @Bean
  Sandbox sandbox(BpfForgeProperties properties) {
    BpfForgeProperties.Sandbox s = properties.sandbox();
    BpfForgeProperties.Limits l = properties.limits();
    Sandbox.Limits limits = new Sandbox.Limits(s.timeout(), s.cpuTime(), s.memory().toBytes(),
        // The vmlinux.h of a large kernel is several MB; the file-size cap must admit it as well as any artifact.
        Math.max(l.maxArtifact().toBytes(), 256L * 1024 * 1024), l.maxLog().toBytes());
    return SandboxSelection.select(s, limits, properties.dataDir());
  }

  @Bean
  VmlinuxHeaderCache vmlinuxHeaderCache(BpfForgeProperties properties, PhaseTimer timer) {
    return new VmlinuxHeaderCache(properties.dataDir().toAbsolutePath().normalize().resolve("cache/vmlinux"), timer);
  }

  @Bean
  LocalExecutor localExecutor(BpfForgeProperties properties, Sandbox sandbox, VmlinuxHeaderCache headers) {
    return new LocalExecutor(jobsRoot(properties), sandbox, headers, properties.limits().maxArtifact().toBytes());
  }

  private static Path jobsRoot(BpfForgeProperties properties) {
    return properties.dataDir().toAbsolutePath().normalize().resolve("jobs");
  }
}
