package dev.bpfforge.service.executor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.bpfforge.service.config.BpfForgeProperties;
import dev.bpfforge.service.toolchain.DockerToolchains;
import org.springframework.beans.factory.annotation.Value;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Docker executor, when {@code bpfforge.docker.enabled=true}: a fresh container per job. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "bpfforge.docker", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(DockerConfiguration.DockerProperties.class)
class DockerConfiguration {
  /**
   * @param enabled compile in containers of the worker images (needs a Docker daemon)
   * @param host the daemon's address
   * @param runner this runner's name in container labels; leftovers with it are swept at start-up
   * @param pids pids limit of a job's container
   * @param cpus CPUs of a job's container
   */
  @ConfigurationProperties("bpfforge.docker")
  record DockerProperties(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("unix:///var/run/docker.sock") String host,
      @DefaultValue("") String runner,
      @DefaultValue("256") long pids,
      @DefaultValue("1.0") double cpus) {}

  @Bean(destroyMethod = "close")
  DockerClient dockerClient(DockerProperties properties) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(properties.host()).build();
    ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofMinutes(10))
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  @Bean
  ContainerRunner containerRunner(DockerClient docker, DockerProperties dockerProperties, BpfForgeProperties properties) {
    BpfForgeProperties.Sandbox s = properties.sandbox();
    BpfForgeProperties.Limits l = properties.limits();
    String runner = dockerProperties.runner().isBlank() ? hostName() : dockerProperties.runner();
    ContainerRunner containers = new ContainerRunner(docker, runner,
        new Sandbox.Limits(s.timeout(), s.cpuTime(), s.memory().toBytes(), Math.max(l.maxArtifact().toBytes(), 256L * 1024 * 1024), l.maxLog().toBytes()),
        dockerProperties.pids(), (long) (dockerProperties.cpus() * 1_000_000_000L));
    containers.sweep();
    return containers;
  }

  @Bean
  DockerToolchains dockerToolchains(ContainerRunner containers, @Value("${bpfforge.toolchains.dir:worker-images}") String dir) {
    return new DockerToolchains(containers, dir);
  }

  @Bean
  DockerExecutor dockerExecutor(ContainerRunner containers, VmlinuxHeaderCache headers, BpfForgeProperties properties,
      PhaseTimer timer) {
    return new DockerExecutor(containers, headers, properties.limits().maxArtifact().toBytes(), timer);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "runner";
    }
  }
}
