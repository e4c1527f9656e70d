package dev.bpfforge.service.kernel;

import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.stereotype.Component;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A kernel's BTF in BTFHub's layout: {@code <release>.btf.tar.xz} holding the single entry
 * {@code <release>.btf}, so tools that fetch from BTFHub (or a mirror of it) take ours as is.
 *
 * <p>The bytes depend only on the release and the BTF: fixed mtime (the epoch), owner root:root
 * (0:0), mode 0644, one xz preset. So every replica serves identical archives and an ETag derived
 * from the BTF digest holds. Archives are cached per (BTF digest, release) under the data dir.
 */
@Component
class BtfHubArchiveWriter {
  private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);
  private static final int XZ_PRESET = 6; // what xz(1) and BTFHub's scripts use by default

  /** The BTF bytes to archive; opened only when the archive is not cached yet. */
  interface Source {
    InputStream open() throws IOException;
  }

  private final Path root;

  BtfHubArchiveWriter(BpfForgeProperties properties) {
    this.root = properties.dataDir().toAbsolutePath().normalize().resolve("cache/btfhub");
  }

  static String fileName(KernelRelease release) {
    return release.value() + ".btf.tar.xz";
  }

  /** The cached archive for this BTF under this release's name, written on first use. */
  Path archive(KernelRelease release, Sha256 btfDigest, long btfSize, Source btf) throws IOException {
    // The release is a validated identifier: no separators, never "..", so it is safe in a path.
    Path target = root.resolve(btfDigest.hex()).resolve(fileName(release));
    if (Files.isRegularFile(target)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
    try {
      try (InputStream in = btf.open(); OutputStream out = Files.newOutputStream(temp)) {
        write(release, btfSize, in, out);
      }
      // Concurrent writers produce the same bytes, so whichever rename lands last is as good.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  /** Writes the archive of {@code size} bytes of BTF read from {@code btf}; {@code out} is not closed. */
  static void write(KernelRelease release, long size, InputStream btf, OutputStream out) throws IOException {
    XZOutputStream xz = new XZOutputStream(new NonClosing(out), new LZMA2Options(XZ_PRESET));
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
      // Releases may exceed ustar's 100-character names: a PAX header then carries the name.
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(release.value() + ".btf");
      entry.setSize(size);
      entry.setMode(0100644);
      entry.setLastModifiedTime(EPOCH);
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setUserName("root");
      entry.setGroupName("root");
      tar.putArchiveEntry(entry);
      long copied = btf.transferTo(tar);
      if (copied != size) {
        throw new IOException("BTF is " + copied + " bytes, the catalog says " + size);
      }
      tar.closeArchiveEntry();
    }
  }

  /** Lets the tar and xz streams finish (and close) without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
