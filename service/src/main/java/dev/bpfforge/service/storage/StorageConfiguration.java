package dev.bpfforge.service.storage;

import dev.bpfforge.service.config.BpfForgeProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The disk high-water mark guards the endpoints that store something, when blobs live in the data
 * dir (the filesystem blob store). With S3 the blobs are elsewhere and the mark does not apply.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "bpfforge.blob-store", name = "type", havingValue = "filesystem", matchIfMissing = true)
class StorageConfiguration implements WebMvcConfigurer {
  private final BpfForgeProperties properties;

  StorageConfiguration(BpfForgeProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new DiskSpaceGuard(properties.dataDir().toAbsolutePath().normalize(),
            DiskHighWater.parse(properties.limits().diskHighWater())))
        .addPathPatterns("/v1/compile", "/v1/builds", "/v1/kernels");
  }
}
