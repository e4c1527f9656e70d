package dev.bpfforge.service.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.btf.InvalidBtfException;
import dev.bpfforge.service.api.LimitExceededException;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockMultipartFile;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Uploads spooled under the data dir, extracted, recorded by format, and never left behind. */
class KernelUploadReaderTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  // A valid BTF with no types: header, empty type section, a string section of "\0".
  static final byte[] EMPTY_BTF = {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};

  @TempDir Path dataDir;

  private KernelUploadReader reader(String maxUpload) throws IOException {
    BpfForgeProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
        "bpfforge.data-dir", dataDir.toString(), "bpfforge.limits.max-kernel-upload", maxUpload)))
        .bindOrCreate("bpfforge", Bindable.of(BpfForgeProperties.class));
    return new KernelUploadReader(properties, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Path spool() {
    return dataDir.resolve("tmp/uploads");
  }

  private long spooled() throws IOException {
    try (Stream<Path> files = Files.list(spool())) {
      return files.count();
    }
  }

  @Test
  void plainAndXzBtfAreReadAndTheirFormatRecorded() throws IOException {
    KernelUploadReader reader = reader("1MB");
    UploadedKernel plain = reader.read(new MockMultipartFile("file", "vmlinux", null, EMPTY_BTF));
    assertThat(plain.sourceFormat()).isEqualTo("btf");
    assertThat(plain.btf().bytes()).isEqualTo(EMPTY_BTF);
    assertThat(plain.release()).as("raw BTF names no kernel").isEmpty();

    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      out.write(EMPTY_BTF);
    }
    UploadedKernel compressed = reader.read(new MockMultipartFile("file", "vmlinux.btf.xz", null, xz.toByteArray()));
    assertThat(compressed.sourceFormat()).isEqualTo("btf+xz");
    assertThat(compressed.btf().bytes()).isEqualTo(EMPTY_BTF);
    assertThat(spooled()).as("spooled upload and work directories removed").isZero();
  }

  @Test
  void rejectedUploadLeavesNothingSpooled() throws IOException {
    KernelUploadReader reader = reader("1KB");
    assertThatThrownBy(() -> reader.read(new MockMultipartFile("file", "x", null, new byte[] {0x7f, 'E', 'L', 'F'})))
        .isInstanceOf(InvalidBtfException.class);
    assertThatThrownBy(() -> reader.read(new MockMultipartFile("file", "x", null, new byte[2048])))
        .isInstanceOf(LimitExceededException.class);
    assertThat(spooled()).isZero();
  }

  @Test
  void startUpSweepsOnlyStaleLeftovers() throws IOException {
    Files.createDirectories(spool());
    Path stale = Files.write(spool().resolve("upload-1.bin"), new byte[] {1});
    Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofHours(2))));
    Path staleWork = Files.createDirectory(spool().resolve("btf-extract-1"));
    Files.write(staleWork.resolve("vmlinux"), new byte[] {3});
    Files.setLastModifiedTime(staleWork, FileTime.from(NOW.minus(Duration.ofHours(2))));
    Path inFlight = Files.write(spool().resolve("upload-2.bin"), new byte[] {2});
    Files.setLastModifiedTime(inFlight, FileTime.from(NOW.minus(Duration.ofSeconds(5))));

    reader("1MB");
    assertThat(stale).doesNotExist();
    assertThat(staleWork).doesNotExist();
    assertThat(inFlight).exists();
  }
}
