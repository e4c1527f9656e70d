package dev.bpfforge.service.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.Sha256;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BlobStore} owes its callers, run against each implementation: a
 * subclass supplies the store and a way to look at where a blob lives.
 */
abstract class BlobStoreContract {

  /** The store under test; the same instance for the whole test method. */
  protected abstract BlobStore store();

  /** Whether anything is stored under the store's key for {@code digest}, looked at behind the store's back. */
  protected abstract boolean storedUnderHexPrefixKey(Sha256 digest) throws Exception;

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  @Test
  void putThenReadReturnsTheSameBytes() throws Exception {
    byte[] content = randomBytes(300_000);
    Sha256 digest = store().put(content);
    assertThat(digest).isEqualTo(Sha256.of(content));
    assertThat(store().contains(digest)).isTrue();
    assertThat(store().read(digest)).isEqualTo(content);
    try (InputStream in = store().open(digest)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void blobIsStoredUnderItsHexPrefixKey() throws Exception {
    Sha256 digest = store().put(randomBytes(100));
    assertThat(storedUnderHexPrefixKey(digest)).isTrue();
  }

  @Test
  void emptyBlobRoundTrips() throws Exception {
    Sha256 digest = store().put(new byte[0]);
    assertThat(store().read(digest)).isEmpty();
  }

  @Test
  void puttingTheSameContentTwiceIsANoOp() throws Exception {
    byte[] content = "same bytes, same key".getBytes(StandardCharsets.UTF_8);
    Sha256 first = store().put(content);
    store().put(first, content.clone());
    assertThat(store().put(content)).isEqualTo(first);
    assertThat(store().read(first)).isEqualTo(content);
  }

  @Test
  void contentThatDoesNotHashToItsKeyIsRejectedAndNothingIsStored() throws Exception {
    byte[] content = randomBytes(1000);
    Sha256 claimed = Sha256.of(randomBytes(1000));
    assertThatThrownBy(() -> store().put(claimed, content))
        .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
          assertThat(e.expected()).isEqualTo(claimed);
          assertThat(e.actual()).isEqualTo(Sha256.of(content));
        });
    assertThat(store().contains(claimed)).isFalse();
    assertThat(store().contains(Sha256.of(content))).isFalse();
    assertThat(storedUnderHexPrefixKey(claimed)).isFalse();
  }

  @Test
  void missingBlobIsNotContainedAndOpeningItIsBlobNotFound() throws Exception {
    Sha256 missing = Sha256.of(randomBytes(64));
    assertThat(store().contains(missing)).isFalse();
    assertThatThrownBy(() -> store().open(missing)).isInstanceOf(BlobNotFoundException.class).hasMessageContaining(missing.hex());
    assertThatThrownBy(() -> store().read(missing)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void listNamesEveryStoredBlob() throws Exception {
    Sha256 first = store().put(randomBytes(64));
    Sha256 second = store().put(randomBytes(64));
    try (java.util.stream.Stream<BlobStore.StoredBlob> listed = store().list()) {
      assertThat(listed.map(BlobStore.StoredBlob::digest)).contains(first, second);
    }
  }

  @Test
  void deletedBlobIsGoneAndDeletingItAgainIsANoOp() throws Exception {
    Sha256 kept = store().put(randomBytes(64));
    Sha256 deleted = store().put(randomBytes(64));
    store().delete(deleted);
    store().delete(deleted);
    assertThat(store().contains(deleted)).isFalse();
    assertThatThrownBy(() -> store().read(deleted)).isInstanceOf(BlobNotFoundException.class);
    assertThat(store().read(kept)).hasSize(64);
    try (java.util.stream.Stream<BlobStore.StoredBlob> listed = store().list()) {
      assertThat(listed.map(BlobStore.StoredBlob::digest)).contains(kept).doesNotContain(deleted);
    }
  }

  @Test
  void blobDeletedBehindAWriterIsStoredAgainWhenPutAgain() throws Exception {
    byte[] content = randomBytes(128);
    Sha256 digest = store().put(content);
    store().delete(digest);
    store().put(digest, content);
    assertThat(store().read(digest)).isEqualTo(content);
  }
}
