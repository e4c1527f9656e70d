package dev.bpfforge.service.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.tukaani.xz.XZInputStream;

/** The BTFHub layout: one entry named after the release, reproducible to the byte. */
class BtfHubArchiveWriterTest {
  @TempDir Path dataDir;

  record Entry(TarArchiveEntry header, byte[] content) {}

  static List<Entry> entries(byte[] archive) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(new Entry(e, tar.readAllBytes()));
      }
    }
    return entries;
  }

  private static byte[] write(KernelRelease release, byte[] btf) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BtfHubArchiveWriter.write(release, btf.length, new ByteArrayInputStream(btf), out);
    return out.toByteArray();
  }

  @Test
  void archiveHoldsExactlyTheReleaseBtfOwnedByRootAtTheEpoch() throws IOException {
    byte[] btf = "not really BTF, but bytes all the same".getBytes();
    List<Entry> entries = entries(write(KernelRelease.parse("6.1.0-50-amd64"), btf));
    assertThat(entries).hasSize(1);
    TarArchiveEntry header = entries.get(0).header();
    assertThat(header.getName()).isEqualTo("6.1.0-50-amd64.btf");
    assertThat(entries.get(0).content()).isEqualTo(btf);
    assertThat(header.getLastModifiedTime().toInstant()).isEqualTo(Instant.EPOCH);
    assertThat(header.getLongUserId()).isZero();
    assertThat(header.getLongGroupId()).isZero();
    assertThat(header.getUserName()).isEqualTo("root");
    assertThat(header.getMode() & 07777).isEqualTo(0644);
    assertThat(header.isFile()).isTrue();
  }

  @Test
  void sameReleaseAndBtfGiveIdenticalBytes() throws IOException {
    byte[] btf = new byte[200_000];
    new java.util.Random(7).nextBytes(btf);
    KernelRelease release = KernelRelease.parse("5.10.0-32-amd64");
    assertThat(write(release, btf)).isEqualTo(write(release, btf.clone()));
  }

  @Test
  void releaseLongerThanUstarNamesIsKeptWhole() throws IOException {
    KernelRelease release = KernelRelease.parse("5.4.0-" + "x".repeat(110));
    List<Entry> entries = entries(write(release, new byte[] {1, 2, 3}));
    assertThat(entries).singleElement().satisfies(e -> assertThat(e.header().getName()).isEqualTo(release.value() + ".btf"));
  }

  @Test
  void archiveIsWrittenOnceAndThenServedFromTheCache() throws IOException {
    BpfForgeProperties properties = new Binder(new MapConfigurationPropertySource(java.util.Map.of("bpfforge.data-dir", dataDir.toString())))
        .bindOrCreate("bpfforge", Bindable.of(BpfForgeProperties.class));
    BtfHubArchiveWriter archives = new BtfHubArchiveWriter(properties);
    byte[] btf = {9, 8, 7};
    AtomicInteger opened = new AtomicInteger();
    KernelRelease release = KernelRelease.parse("6.6.0-1-amd64");
    Path first = archives.archive(release, Sha256.of(btf), btf.length, () -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(btf);
    });
    Path second = archives.archive(release, Sha256.of(btf), btf.length, () -> {
      throw new AssertionError("cached archive regenerated");
    });
    assertThat(second).isEqualTo(first);
    assertThat(opened).hasValue(1);
    assertThat(first.getFileName()).hasToString("6.6.0-1-amd64.btf.tar.xz");
    assertThat(Files.readAllBytes(first)).isEqualTo(write(release, btf));
    try (var leftovers = Files.list(first.getParent())) {
      assertThat(leftovers).containsExactly(first);
    }
  }
}
