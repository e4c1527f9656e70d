package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Blobs as files {@code <root>/<first two hex digits>/<sha256>}. A write goes to a temporary file
 * in the same directory and is renamed into place, so readers see a whole blob or none.
 */
public class FilesystemBlobStore implements BlobStore {
  private final Path root;

  public FilesystemBlobStore(Path root) throws IOException {
    this.root = Files.createDirectories(root);
  }

  @Override
  public void put(Sha256 expected, byte[] content) throws IOException {
    Sha256 actual = Sha256.of(content);
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(expected, actual);
    }
    Path target = pathOf(expected);
    if (Files.exists(target)) {
      return;
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
    try {
      Files.write(temp, content);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        // Another writer stored the same content first: same bytes by construction.
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public boolean contains(Sha256 digest) {
    return Files.isRegularFile(pathOf(digest));
  }

  @Override
  public InputStream open(Sha256 digest) throws IOException {
    try {
      return Files.newInputStream(pathOf(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest);
    }
  }

  private Path pathOf(Sha256 digest) {
    String hex = digest.hex();
    return root.resolve(hex.substring(0, 2)).resolve(hex);
  }
}
