package dev.bpfforge.service.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads the bundles tests download: every entry's bytes in archive order, and the tar entries' metadata. */
final class Archives {
  private Archives() {}

  static Map<String, byte[]> tarGz(byte[] bundle) {
    return tarGzEntries(bundle).entrySet().stream().collect(LinkedHashMap::new,
        (m, e) -> m.put(e.getKey(), e.getValue().content()), Map::putAll);
  }

  record TarFile(TarArchiveEntry entry, byte[] content) {}

  static Map<String, TarFile> tarGzEntries(byte[] bundle) {
    Map<String, TarFile> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(bundle)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        files.put(entry.getName(), new TarFile(entry, tar.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static Map<String, byte[]> zip(byte[] bundle) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bundle), "UTF-8", true, true)) {
      ZipArchiveEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        files.put(entry.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
