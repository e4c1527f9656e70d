package dev.bpfforge.service.artifact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest {
  private static final byte[] CONTENT = "an ELF object".getBytes(UTF_8);
  private static final Sha256 DIGEST = Sha256.of(CONTENT);

  @TempDir Path root;
  private FilesystemBlobStore store;

  @BeforeEach
  void open() throws IOException {
    store = new FilesystemBlobStore(root.resolve("blobs"));
  }

  private List<Path> storedFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void putThenReadReturnsTheSameBytes() throws IOException {
    store.put(DIGEST, CONTENT);

    assertThat(store.contains(DIGEST)).isTrue();
    assertThat(store.read(DIGEST)).isEqualTo(CONTENT);
  }

  @Test
  void putWithoutADigestStoresUnderTheContentsSha256() throws IOException {
    assertThat(store.put(CONTENT)).isEqualTo(DIGEST);
    assertThat(store.read(DIGEST)).isEqualTo(CONTENT);
  }

  @Test
  void emptyBlobRoundTrips() throws IOException {
    Sha256 empty = store.put(new byte[0]);

    assertThat(store.read(empty)).isEmpty();
  }

  @Test
  void puttingTheSameBlobTwiceIsANoOp() throws IOException {
    store.put(DIGEST, CONTENT);
    store.put(DIGEST, CONTENT);

    assertThat(store.read(DIGEST)).isEqualTo(CONTENT);
    assertThat(storedFiles()).hasSize(1);
  }

  @Test
  void blobLivesUnderItsTwoHexDigitBucket() throws IOException {
    store.put(DIGEST, CONTENT);

    Path expected = root.resolve("blobs").resolve(DIGEST.hex().substring(0, 2)).resolve(DIGEST.hex());
    assertThat(storedFiles()).containsExactly(expected);
    assertThat(Files.readAllBytes(expected)).isEqualTo(CONTENT);
  }

  @Test
  void wrongDigestIsRejectedWithBothDigestsAndNothingIsStored() throws IOException {
    Sha256 claimed = Sha256.of("something else".getBytes(UTF_8));

    assertThatThrownBy(() -> store.put(claimed, CONTENT))
        .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
          assertThat(e.expected()).isEqualTo(claimed);
          assertThat(e.actual()).isEqualTo(DIGEST);
        });
    assertThat(store.contains(claimed)).isFalse();
    assertThat(store.contains(DIGEST)).isFalse();
    assertThat(storedFiles()).isEmpty();
  }

  @Test
  void missingBlobIsNotFound() throws IOException {
    store.put(DIGEST, CONTENT);
    Sha256 missing = Sha256.of("never stored".getBytes(UTF_8));

    assertThat(store.contains(missing)).isFalse();
    assertThatThrownBy(() -> store.open(missing)).isInstanceOf(BlobNotFoundException.class).hasMessageContaining(missing.hex());
    assertThatThrownBy(() -> store.read(missing)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void missingBlobInAnExistingBucketIsNotFound() throws IOException {
    store.put(DIGEST, CONTENT);
    Sha256 sameBucket = new Sha256(DIGEST.hex().substring(0, 2) + "0".repeat(62));

    assertThatThrownBy(() -> store.read(sameBucket)).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void noTemporaryFilesAreLeftBehind() throws IOException {
    for (int i = 0; i < 20; i++) {
      store.put(("blob " + i).getBytes(UTF_8));
    }
    store.put(DIGEST, CONTENT);
    store.put(DIGEST, CONTENT);

    assertThat(storedFiles()).hasSize(21)
        .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{64}"));
  }

  @Test
  void concurrentWritersOfTheSameBlobAllSucceedAndLeaveOneFile() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024];
    new Random(1).nextBytes(big);
    Sha256 digest = Sha256.of(big);
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        results.add(pool.submit((Callable<Void>) () -> {
          start.await();
          store.put(digest, big);
          return null;
        }));
      }
      start.countDown();
      for (Future<Void> result : results) {
        result.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.read(digest)).isEqualTo(big);
    assertThat(storedFiles()).hasSize(1);
  }
}
