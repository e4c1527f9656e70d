package dev.bpfforge.service.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** bpfforge.blob-store.* as an operator writes it in YAML or environment variables. */
class BlobStorePropertiesTest {
  private static BlobStoreProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("bpfforge.blob-store", Bindable.of(BlobStoreProperties.class));
  }

  @Test
  void nothingConfiguredIsTheFilesystemStore() {
    BlobStoreProperties properties = bind(Map.of());
    assertThat(properties.type()).isEqualTo(BlobStoreProperties.Type.FILESYSTEM);
    assertThat(properties.s3().bucket()).isNull();
    assertThat(properties.s3().endpoint()).isNull();
    assertThat(properties.s3().pathStyle()).isTrue();
  }

  @Test
  void s3SettingsBindInKebabCase() {
    BlobStoreProperties properties = bind(Map.of(
        "bpfforge.blob-store.type", "s3",
        "bpfforge.blob-store.s3.endpoint", "http://s3proxy:80",
        "bpfforge.blob-store.s3.bucket", "bpfforge",
        "bpfforge.blob-store.s3.access-key", "local-identity",
        "bpfforge.blob-store.s3.secret-key", "local-credential",
        "bpfforge.blob-store.s3.create-bucket", "true"));
    assertThat(properties.type()).isEqualTo(BlobStoreProperties.Type.S3);
    BlobStoreProperties.S3 s3 = properties.s3();
    assertThat(s3.endpoint()).isEqualTo(URI.create("http://s3proxy:80"));
    assertThat(s3.bucket()).isEqualTo("bpfforge");
    assertThat(s3.accessKey()).isEqualTo("local-identity");
    assertThat(s3.secretKey()).isEqualTo("local-credential");
    assertThat(s3.region()).isEqualTo("us-east-1");
    assertThat(s3.createBucket()).isTrue();
  }

  @Test
  void s3WithoutABucketFailsAtStartUpSayingWhatToSet() {
    BlobStoreProperties.S3 s3 = bind(Map.of("bpfforge.blob-store.type", "s3", "bpfforge.blob-store.s3.bucket", " ")).s3();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3BlobStore.connect(s3))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bpfforge.blob-store.s3.bucket");
  }
}
