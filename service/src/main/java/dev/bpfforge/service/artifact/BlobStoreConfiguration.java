package dev.bpfforge.service.artifact;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {
  @Bean
  BlobStore blobStore(BpfForgeProperties properties) throws IOException {
    return new FilesystemBlobStore(properties.dataDir().toAbsolutePath().normalize().resolve("blobs"));
  }
}
