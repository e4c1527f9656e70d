package dev.bpfforge.service.bundle;

import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Finished builds' bundles as files under {@code <data-dir>/cache/bundles}, each with its SHA-256
 * beside it. A finished build never changes, so its bundle is written once (streamed from the
 * blob store, never held in memory) and then served as a file: with a length and an ETag, so
 * {@code Range} and {@code If-None-Match} work on bundles too. Files are moved into place whole
 * (digest first, bundle last), so a reader sees a complete pair or nothing.
 */
@Component
public class BundleCache {
  /** Writes the bundle's bytes. */
  interface Producer {
    void write(OutputStream out) throws IOException;
  }

  /** A bundle on disk and the digest of its bytes. */
  record Cached(Path file, Sha256 sha256) {}

  private final Path dir;

  BundleCache(BpfForgeProperties properties) {
    this.dir = properties.dataDir().toAbsolutePath().normalize().resolve("cache").resolve("bundles");
  }

  Cached get(UUID build, BundleFormat format, Producer producer) throws IOException {
    Path file = dir.resolve(build + "." + format.extension());
    Path digestFile = dir.resolve(build + "." + format.extension() + ".sha256");
    if (Files.isRegularFile(file)) {
      return new Cached(file, Sha256.parse(Files.readString(digestFile, StandardCharsets.US_ASCII).strip()));
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".incoming-", ".tmp");
    Path tempDigest = Files.createTempFile(dir, ".incoming-", ".sha256");
    try {
      MessageDigest sha = sha256();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
        producer.write(out);
      }
      Sha256 digest = Sha256.parse(HexFormat.of().formatHex(sha.digest()));
      Files.writeString(tempDigest, digest.hex(), StandardCharsets.US_ASCII);
      // Two requests racing write the same bytes (the bundle is reproducible): the last move wins, harmlessly.
      Files.move(tempDigest, digestFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Cached(file, digest);
    } finally {
      Files.deleteIfExists(temp);
      Files.deleteIfExists(tempDigest);
    }
  }

  /**
   * Deletes the bundles of builds that no longer exist (retention deleted them; each replica keeps
   * its own cache, so each sweeps its own) and partial writes older than {@code incompleteBefore}
   * (a crash mid-write). Returns how many bundles went.
   *
   * @param existing of the build ids given, those that still exist
   */
  public int evictGoneBuilds(Function<Set<UUID>, Set<UUID>> existing, Instant incompleteBefore) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Map<UUID, List<Path>> byBuild = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(".incoming-")) {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(incompleteBefore)) {
            Files.deleteIfExists(file);
          }
          continue;
        }
        int dot = name.indexOf('.');
        try {
          byBuild.computeIfAbsent(UUID.fromString(name.substring(0, dot < 0 ? name.length() : dot)), k -> new ArrayList<>())
              .add(file);
        } catch (IllegalArgumentException notOurs) {
          // Not a file this cache wrote: left alone.
        }
      }
    }
    Set<UUID> kept = byBuild.isEmpty() ? Set.of() : existing.apply(Set.copyOf(byBuild.keySet()));
    int evicted = 0;
    for (Map.Entry<UUID, List<Path>> build : byBuild.entrySet()) {
      if (kept.contains(build.getKey())) {
        continue;
      }
      // The bundle before its digest: a reader that finds the bundle always finds its digest.
      List<Path> files = build.getValue().stream().sorted(Comparator.comparing(BundleCache::isDigest)).toList();
      for (Path file : files) {
        if (Files.deleteIfExists(file) && !isDigest(file)) {
          evicted++;
        }
      }
    }
    return evicted;
  }

  private static boolean isDigest(Path file) {
    return file.getFileName().toString().endsWith(".sha256");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
