package dev.bpfforge.service.artifact;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {
  @Bean
  BlobStore blobStore(BpfForgeProperties properties, BlobStoreProperties blobStore) throws IOException {
    return switch (blobStore.type()) {
      case FILESYSTEM -> new FilesystemBlobStore(properties.dataDir().toAbsolutePath().normalize().resolve("blobs"));
      case S3 -> S3BlobStore.connect(blobStore.s3());
    };
  }
}
