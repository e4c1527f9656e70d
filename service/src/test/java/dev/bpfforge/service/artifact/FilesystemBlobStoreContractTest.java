package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store held to the blob store contract (its own specifics are in FilesystemBlobStoreTest). */
class FilesystemBlobStoreContractTest extends BlobStoreContract {
  @TempDir Path root;
  private BlobStore store;

  @Override
  protected BlobStore store() {
    if (store == null) {
      try {
        store = new FilesystemBlobStore(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return store;
  }

  @Override
  protected boolean storedUnderHexPrefixKey(Sha256 digest) {
    return Files.isRegularFile(root.resolve(digest.hex().substring(0, 2)).resolve(digest.hex()));
  }
}
