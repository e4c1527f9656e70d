package dev.bpfforge.service.compile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.LimitExceededException;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

class SourceTreeReaderTest {
  private static final int MAX_FILES = 4;
  private static final DataSize MAX_SOURCE = DataSize.ofMegabytes(1);

  private final SourceTreeReader reader = new SourceTreeReader(new BpfForgeProperties.Limits(
      DataSize.ofMegabytes(256), DataSize.ofMegabytes(512), MAX_SOURCE, MAX_FILES, 4, DataSize.ofMegabytes(64), DataSize.ofMegabytes(1), "90%"));

  @FunctionalInterface
  interface TarWriter {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private static byte[] tarGz(TarWriter writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeTarGz(bytes, writer);
    return bytes.toByteArray();
  }

  private static void writeTarGz(OutputStream out, TarWriter writer) throws IOException {
    GzipParameters fast = new GzipParameters();
    fast.setCompressionLevel(Deflater.BEST_SPEED);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, fast))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      writer.write(tar);
    }
  }

  private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] data = content.getBytes(UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(data.length);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static void special(TarArchiveOutputStream tar, String name, byte linkFlag, String linkName) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag, true);
    if (linkName != null) {
      entry.setLinkName(linkName);
    }
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private SourceTree read(byte[] bundle) throws IOException {
    return reader.fromBundle(new ByteArrayInputStream(bundle));
  }

  private static Map<String, String> contents(SourceTree tree) {
    return tree.files().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().value(), e -> new String(e.getValue(), UTF_8)));
  }

  @Test
  void regularFilesAndDirectoriesAreRead() throws IOException {
    byte[] bundle = tarGz(tar -> {
      special(tar, "inc/", TarConstants.LF_DIR, null);
      file(tar, "bpf.c", "#include \"a.h\"\n");
      file(tar, "inc/a.h", "#define A 1\n");
      file(tar, "empty.h", "");
    });

    assertThat(contents(read(bundle)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("bpf.c", "#include \"a.h\"\n", "inc/a.h", "#define A 1\n", "empty.h", ""));
  }

  @Test
  void dotSlashPrefixesAreDropped() throws IOException {
    byte[] bundle = tarGz(tar -> {
      special(tar, "./inc/", TarConstants.LF_DIR, null);
      file(tar, "./bpf.c", "int x;");
      file(tar, "./inc/a.h", "int y;");
    });

    assertThat(read(bundle).paths()).extracting(SourcePath::value).containsExactly("bpf.c", "inc/a.h");
  }

  /** README: {@code tar -czf src.tar.gz -C myprog .} writes a first entry "./" for the tree's top. */
  @Test
  void bundleMadeWithTarDashCDotIsAccepted() throws IOException {
    byte[] bundle = tarGz(tar -> {
      special(tar, "./", TarConstants.LF_DIR, null);
      file(tar, "./bpf.c", "int x;");
    });

    assertThat(read(bundle).paths()).extracting(SourcePath::value).containsExactly("bpf.c");
  }

  @Test
  void symlinkEntryIsRejectedByName() throws IOException {
    byte[] bundle = tarGz(tar -> {
      file(tar, "bpf.c", "int x;");
      special(tar, "inc/passwd.h", TarConstants.LF_SYMLINK, "/etc/passwd");
    });

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("bundle"))
        .hasMessageContaining("inc/passwd.h")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void hardLinkEntryIsRejectedByName() throws IOException {
    byte[] bundle = tarGz(tar -> {
      file(tar, "bpf.c", "int x;");
      special(tar, "copy.h", TarConstants.LF_LINK, "bpf.c");
    });

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("copy.h")
        .hasMessageContaining("hard link");
  }

  @Test
  void characterDeviceEntryIsRejectedByName() throws IOException {
    byte[] bundle = tarGz(tar -> special(tar, "null.h", TarConstants.LF_CHR, null));

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("null.h")
        .hasMessageContaining("device");
  }

  @Test
  void blockDeviceEntryIsRejectedByName() throws IOException {
    byte[] bundle = tarGz(tar -> special(tar, "sda.h", TarConstants.LF_BLK, null));

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("sda.h")
        .hasMessageContaining("device");
  }

  @Test
  void fifoEntryIsRejectedByName() throws IOException {
    byte[] bundle = tarGz(tar -> special(tar, "pipe.h", TarConstants.LF_FIFO, null));

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("pipe.h")
        .hasMessageContaining("FIFO");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil.h", "inc/../../evil.h", "./../evil.h", ".."})
  void entryWithDotDotIsRejectedByName(String name) throws IOException {
    byte[] bundle = tarGz(tar -> file(tar, name, "x"));

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("bundle"))
        .hasMessageContaining(name);
  }

  @Test
  void directoryEntryWithDotDotIsRejected() throws IOException {
    byte[] bundle = tarGz(tar -> special(tar, "../outside/", TarConstants.LF_DIR, null));

    assertThatThrownBy(() -> read(bundle)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("../outside/");
  }

  @Test
  void absoluteEntryIsRejectedByName() throws IOException {
    byte[] bundle = tarGz(tar -> file(tar, "/etc/cron.d/evil", "x"));

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("/etc/cron.d/evil")
        .hasMessageContaining("absolute");
  }

  @Test
  void entryDeeperThanTheLimitIsRejected() throws IOException {
    byte[] bundle = tarGz(tar -> file(tar, "a/b/c/d/e.h", "x"));

    assertThatThrownBy(() -> read(bundle)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("deeper");
  }

  @Test
  void duplicateEntryIsRejected() throws IOException {
    byte[] bundle = tarGz(tar -> {
      file(tar, "a.h", "first");
      file(tar, "a.h", "second");
    });

    assertThatThrownBy(() -> read(bundle)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("a.h");
  }

  @Test
  void sameFileSpelledWithAndWithoutDotSlashIsADuplicate() throws IOException {
    byte[] bundle = tarGz(tar -> {
      file(tar, "a.h", "first");
      file(tar, "./a.h", "second");
    });

    assertThatThrownBy(() -> read(bundle)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("a.h");
  }

  @Test
  void moreFilesThanTheLimitIsRejected() throws IOException {
    byte[] atLimit = tarGz(tar -> {
      for (int i = 0; i < MAX_FILES; i++) {
        file(tar, "f" + i + ".h", "x");
      }
    });
    byte[] overLimit = tarGz(tar -> {
      for (int i = 0; i <= MAX_FILES; i++) {
        file(tar, "f" + i + ".h", "x");
      }
    });

    assertThat(read(atLimit).paths()).hasSize(MAX_FILES);
    assertThatThrownBy(() -> read(overLimit))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.properties()).containsEntry("limit", "max-files"));
  }

  @Test
  void directoriesDoNotCountAsFiles() throws IOException {
    byte[] bundle = tarGz(tar -> {
      for (int i = 0; i < MAX_FILES + 2; i++) {
        special(tar, "d" + i + "/", TarConstants.LF_DIR, null);
      }
      file(tar, "bpf.c", "x");
    });

    assertThat(read(bundle).paths()).hasSize(1);
  }

  @Test
  void sourcesLargerInAllThanTheLimitAreRejected() throws IOException {
    String half = "x".repeat((int) MAX_SOURCE.toBytes() / 2 + 1);
    byte[] bundle = tarGz(tar -> {
      file(tar, "a.h", half);
      file(tar, "b.h", half);
    });

    assertThatThrownBy(() -> read(bundle))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.properties()).containsEntry("limit", "max-source-bytes"));
  }

  /** 200 MB of zeros in one entry, compressed to a few hundred KB; built streaming to a file. */
  @Test
  void gzipBombOfOneHugeFileStopsAtTheSourceLimitQuickly(@TempDir Path dir) throws IOException {
    Path bomb = dir.resolve("bomb.tar.gz");
    long size = 200L * 1024 * 1024;
    try (OutputStream out = Files.newOutputStream(bomb)) {
      writeTarGz(out, tar -> {
        TarArchiveEntry entry = new TarArchiveEntry("zeros.h");
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        writeZeros(tar, size);
        tar.closeArchiveEntry();
      });
    }
    assertThat(Files.size(bomb)).isLessThan(2L * 1024 * 1024);

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try (InputStream in = Files.newInputStream(bomb)) {
        assertThatThrownBy(() -> reader.fromBundle(in)).isInstanceOf(LimitExceededException.class);
      }
    });
  }

  /**
   * A bomb hidden where no entry size is counted: a GNU long-name header whose 200 MB "name" the
   * tar reader buffers in memory. Only the bound on decompressed bytes can stop it.
   */
  @Test
  void gzipBombInAnEntryHeaderStopsAtTheDecompressedBound(@TempDir Path dir) throws IOException {
    Path bomb = dir.resolve("bomb.tar.gz");
    long size = 200L * 1024 * 1024;
    try (OutputStream out = Files.newOutputStream(bomb)) {
      writeTarGz(out, tar -> {
        TarArchiveEntry longName = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME);
        longName.setSize(size);
        tar.putArchiveEntry(longName);
        byte[] a = new byte[64 * 1024];
        Arrays.fill(a, (byte) 'a');
        for (long written = 0; written < size; written += a.length) {
          tar.write(a, 0, (int) Math.min(a.length, size - written));
        }
        tar.closeArchiveEntry();
        file(tar, "placeholder.h", "x");
      });
    }

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try (InputStream in = Files.newInputStream(bomb)) {
        assertThatThrownBy(() -> reader.fromBundle(in)).isInstanceOf(LimitExceededException.class);
      }
    });
  }

  private static void writeZeros(OutputStream out, long size) throws IOException {
    byte[] zeros = new byte[64 * 1024];
    for (long written = 0; written < size; written += zeros.length) {
      out.write(zeros, 0, (int) Math.min(zeros.length, size - written));
    }
  }

  @Test
  void nonGzipInputIsAnInvalidBundle() {
    byte[] garbage = "this is not a gzip stream at all".getBytes(UTF_8);

    assertThatThrownBy(() -> read(garbage))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("bundle"))
        .hasMessageContaining(".tar.gz");
  }

  @Test
  void truncatedBundleIsInvalid() throws IOException {
    byte[] whole = tarGz(tar -> file(tar, "bpf.c", "x".repeat(10_000) + Math.random()));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> read(truncated)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void filePartsBecomeTheTree() throws IOException {
    List<MultipartFile> parts = List.of(
        new MockMultipartFile("file", "bpf.c", null, "int x;".getBytes(UTF_8)),
        new MockMultipartFile("file", "./inc/a.h", null, "int y;".getBytes(UTF_8)));

    assertThat(contents(reader.fromFiles(parts))).containsExactlyInAnyOrderEntriesOf(Map.of("bpf.c", "int x;", "inc/a.h", "int y;"));
  }

  @Test
  void filePartSentTwiceIsRejected() {
    List<MultipartFile> parts = List.of(
        new MockMultipartFile("file", "a.h", null, "1".getBytes(UTF_8)),
        new MockMultipartFile("file", "a.h", null, "2".getBytes(UTF_8)));

    assertThatThrownBy(() -> reader.fromFiles(parts))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("file"))
        .hasMessageContaining("a.h");
  }

  @Test
  void filePartWithUnsafeNameIsRejected() {
    List<MultipartFile> parts = List.of(new MockMultipartFile("file", "../../etc/passwd", null, "x".getBytes(UTF_8)));

    assertThatThrownBy(() -> reader.fromFiles(parts))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("file"));
  }

  @Test
  void moreFilePartsThanTheLimitIsRejected() {
    List<MultipartFile> parts = IntStream.rangeClosed(0, MAX_FILES)
        .<MultipartFile>mapToObj(i -> new MockMultipartFile("file", "f" + i + ".h", null, "x".getBytes(UTF_8)))
        .toList();

    assertThatThrownBy(() -> reader.fromFiles(parts)).isInstanceOf(LimitExceededException.class);
  }
}
