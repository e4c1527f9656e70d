package dev.bpfforge.service.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Writes a bundle reproducibly: entries in path order, each copied from its source stream, with
 * a fixed time, owner (0:0) and mode (0644), and a gzip header without a time or a file name. The
 * same entries give the same bytes, on any machine and at any time. The caller's stream is left
 * open.
 */
final class BundleWriter {
  /** A bundle entry's bytes, opened only when it is written. */
  interface Source {
    InputStream open() throws IOException;

    long size();
  }

  private static final FileTime TAR_TIME = FileTime.from(Instant.EPOCH);

  private BundleWriter() {}

  static void write(BundleFormat format, SortedMap<String, Source> entries, OutputStream out) throws IOException {
    switch (format) {
      case TAR_GZ -> tarGz(entries, out);
      case ZIP -> zip(entries, out);
    }
  }

  private static void tarGz(SortedMap<String, Source> entries, OutputStream out) throws IOException {
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(CloseShieldOutputStream.wrap(out), gzip))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().size());
        entry.setMode(0644);
        entry.setLastModifiedTime(TAR_TIME);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        copy(e.getValue(), tar);
        tar.closeArchiveEntry();
      }
    }
  }

  private static void zip(SortedMap<String, Source> entries, OutputStream out) throws IOException {
    // Zip keeps local (DOS) time: 1980-01-02 00:00 in whatever zone this JVM runs in is stored as
    // the same bytes everywhere. Not the format's first day: in a zone east of UTC that instant
    // is still 1979 in UTC, and commons-compress then adds extended-time fields.
    long dosEpoch = LocalDateTime.of(1980, 1, 2, 0, 0).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(CloseShieldOutputStream.wrap(out))) {
      for (var e : entries.entrySet()) {
        ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
        entry.setTime(dosEpoch);
        entry.setUnixMode(0100644);
        entry.setSize(e.getValue().size());
        entry.setMethod(ZipArchiveEntry.DEFLATED);
        zip.putArchiveEntry(entry);
        copy(e.getValue(), zip);
        zip.closeArchiveEntry();
      }
    }
  }

  private static void copy(Source source, OutputStream out) throws IOException {
    try (InputStream in = source.open()) {
      long copied = in.transferTo(out);
      if (copied != source.size()) {
        throw new IOException("bundle entry is " + copied + " bytes, expected " + source.size());
      }
    }
  }
}
