package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs as files {@code <root>/<first two hex digits>/<sha256>}. A write goes to a temporary file
 * in the same directory and is renamed into place, so readers see a whole blob or none.
 */
public class FilesystemBlobStore implements BlobStore {
  private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");
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
      try {
        // Re-stored: young again, so the retention sweep's grace covers it until it is referenced.
        Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
        return;
      } catch (NoSuchFileException swept) {
        // The sweep removed it just now: write it again below.
      }
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

  @Override
  public Stream<StoredBlob> list() throws IOException {
    // <root>/<xx>/<sha256>; temporary ".incoming-" files of interrupted writes are not blobs.
    return Files.find(root, 2, (path, attributes) -> attributes.isRegularFile() && BLOB_NAME.matcher(path.getFileName().toString()).matches())
        .map(path -> {
          try {
            return new StoredBlob(Sha256.parse(path.getFileName().toString()), Files.getLastModifiedTime(path).toInstant());
          } catch (IOException e) {
            return null; // deleted while listing
          }
        })
        .filter(java.util.Objects::nonNull);
  }

  @Override
  public void delete(Sha256 digest) throws IOException {
    Files.deleteIfExists(pathOf(digest));
  }

  private Path pathOf(Sha256 digest) {
    String hex = digest.hex();
    return root.resolve(hex.substring(0, 2)).resolve(hex);
  }
}
