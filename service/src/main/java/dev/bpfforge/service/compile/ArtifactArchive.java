package dev.bpfforge.service.compile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** A reproducible tar.gz of named files: sorted names, fixed mtime, owner and mode. */
final class ArtifactArchive {
  private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);

  private ArtifactArchive() {}

  static byte[] tarGz(Map<String, byte[]> files) {
    SortedMap<String, byte[]> sorted = new TreeMap<>(files);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GzipParameters parameters = new GzipParameters();
    parameters.setModificationTime(0);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes, parameters))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(0644);
        entry.setLastModifiedTime(EPOCH);
        entry.setUserId(0);
        entry.setGroupId(0);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
