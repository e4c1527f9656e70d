package dev.bpfforge.service.compile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

class ArtifactArchiveTest {

  private static Map<String, byte[]> files(String... namesAndContents) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(UTF_8));
    }
    return files;
  }

  private record Read(TarArchiveEntry entry, String content) {}

  private static List<Read> entries(byte[] tarGz) throws IOException {
    List<Read> read = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        read.add(new Read(entry, new String(tar.readAllBytes(), UTF_8)));
      }
    }
    return read;
  }

  @Test
  void sameFilesGiveTheSameBytesWhateverTheMapOrder() {
    byte[] first = ArtifactArchive.tarGz(files("prog.o", "ELF", "prog.skel.h", "skel", "a.d", "deps"));
    byte[] second = ArtifactArchive.tarGz(files("a.d", "deps", "prog.skel.h", "skel", "prog.o", "ELF"));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void differentContentGivesDifferentBytes() {
    assertThat(ArtifactArchive.tarGz(files("prog.o", "ELF1"))).isNotEqualTo(ArtifactArchive.tarGz(files("prog.o", "ELF2")));
  }

  @Test
  void entriesAreSortedAndHoldTheirContent() throws IOException {
    List<Read> read = entries(ArtifactArchive.tarGz(files("z.h", "zz", "a.o", "aa", "m/x", "mm")));

    assertThat(read).extracting(r -> r.entry().getName()).containsExactly("a.o", "m/x", "z.h");
    assertThat(read).extracting(Read::content).containsExactly("aa", "mm", "zz");
  }

  @Test
  void entriesHaveEpochMtimeMode0644AndNoOwner() throws IOException {
    List<Read> read = entries(ArtifactArchive.tarGz(files("prog.o", "ELF", "prog.skel.h", "skel")));

    assertThat(read).allSatisfy(r -> {
      TarArchiveEntry entry = r.entry();
      assertThat(entry.getLastModifiedTime().toMillis()).isZero();
      assertThat(entry.getMode() & 07777).isEqualTo(0644);
      assertThat(entry.isFile()).isTrue();
      assertThat(entry.getLongUserId()).isZero();
      assertThat(entry.getLongGroupId()).isZero();
      assertThat(entry.getUserName()).as("no host user name in artifacts").isEmpty();
      assertThat(entry.getGroupName()).isEmpty();
    });
  }

  @Test
  void gzipHeaderCarriesNoTimestamp() {
    byte[] tarGz = ArtifactArchive.tarGz(files("prog.o", "ELF"));

    // RFC 1952: MTIME is bytes 4..7 of the member header.
    assertThat(new byte[] {tarGz[4], tarGz[5], tarGz[6], tarGz[7]}).containsOnly(0);
  }

  @Test
  void longNamesSurviveTheRoundTrip() throws IOException {
    String longName = "dir/" + "n".repeat(150) + ".o";

    assertThat(entries(ArtifactArchive.tarGz(files(longName, "x")))).extracting(r -> r.entry().getName()).containsExactly(longName);
  }

  /** A long name adds a PAX header block before the entry; that block must not carry the clock either. */
  @Test
  void longNameHeaderBlockHasEpochMtime() throws IOException {
    byte[] tar;
    try (GzipCompressorInputStream in = new GzipCompressorInputStream(
        new ByteArrayInputStream(ArtifactArchive.tarGz(files("dir/" + "n".repeat(150) + ".o", "x"))))) {
      tar = in.readAllBytes();
    }

    assertThat((char) tar[156]).as("first block is a PAX header").isEqualTo('x');
    // ustar header: mtime is 12 bytes of octal at offset 136.
    String mtime = new String(tar, 136, 12, UTF_8).replace("\0", "").trim();
    assertThat(Long.parseLong(mtime, 8)).isZero();
  }

  @Test
  void emptyMapGivesAValidEmptyArchive() throws IOException {
    assertThat(entries(ArtifactArchive.tarGz(Map.of()))).isEmpty();
  }
}
