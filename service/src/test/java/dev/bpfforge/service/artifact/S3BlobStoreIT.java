package dev.bpfforge.service.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 blob store against a real S3 server (s3proxy), held to the same contract as the filesystem one. */
class S3BlobStoreIT extends BlobStoreContract {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyServer server;

  private S3BlobStore store;
  private String bucket;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  static BlobStoreProperties.S3 config(String bucket, boolean createBucket) {
    return new BlobStoreProperties.S3(server.endpoint(), "us-east-1", bucket, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
        true, createBucket);
  }

  @Override
  protected BlobStore store() {
    if (store == null) {
      // A bucket per test: no test sees another's blobs.
      bucket = "blobs-" + BUCKETS.incrementAndGet();
      try {
        store = S3BlobStore.connect(config(bucket, true));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  protected boolean storedUnderHexPrefixKey(Sha256 digest) {
    return server.holds(bucket, digest.hex().substring(0, 2) + "/" + digest.hex());
  }

  @Test
  void missingBucketFailsAtStartUpUnlessAskedToCreateIt() {
    assertThatThrownBy(() -> S3BlobStore.connect(config("no-such-bucket", false)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-bucket")
        .hasMessageContaining("create-bucket");
  }

  @Test
  void existingBucketIsUsedAsItIs() throws Exception {
    server.createBucket("made-by-operator");
    byte[] content = {1, 2, 3};
    try (S3BlobStore existing = S3BlobStore.connect(config("made-by-operator", false))) {
      Sha256 digest = existing.put(content);
      assertThat(server.holds("made-by-operator", S3BlobStore.key(digest))).isTrue();
    }
  }

  @Test
  void wrongCredentialsAreAnIoErrorNotASilentMiss() throws Exception {
    Sha256 digest = store().put(new byte[] {42});
    BlobStoreProperties.S3 wrong = new BlobStoreProperties.S3(server.endpoint(), "us-east-1", bucket, S3ProxyServer.ACCESS_KEY,
        "not-the-secret", true, false);
    try (S3BlobStore intruder = new S3BlobStore(S3BlobStore.client(wrong), bucket)) {
      assertThatThrownBy(() -> intruder.read(digest)).isInstanceOf(IOException.class).isNotInstanceOf(BlobNotFoundException.class);
      assertThatThrownBy(() -> intruder.put(new byte[] {7})).isInstanceOf(IOException.class);
    }
  }
}
