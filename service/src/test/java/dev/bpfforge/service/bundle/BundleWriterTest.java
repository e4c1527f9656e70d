package dev.bpfforge.service.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TimeZone;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BundleWriterTest {
  private static SortedMap<String, BundleWriter.Source> entries(Map<String, String> files) {
    SortedMap<String, BundleWriter.Source> entries = new TreeMap<>();
    files.forEach((name, text) -> {
      byte[] content = text.getBytes(StandardCharsets.UTF_8);
      entries.put(name, new BundleWriter.Source() {
        public InputStream open() {
          return new ByteArrayInputStream(content);
        }

        public long size() {
          return content.length;
        }
      });
    });
    return entries;
  }

  private static byte[] write(BundleFormat format, SortedMap<String, BundleWriter.Source> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleWriter.write(format, entries, out);
    return out.toByteArray();
  }

  private static final Map<String, String> FILES = Map.of("manifest.json", "{}\n", "6.1.0-50-amd64/x86_64/a.o", "object",
      "5.10.0-32-amd64/x86_64/a.o", "other object");

  @Test
  void sameEntriesGiveTheSameBytesInEitherFormat() throws IOException {
    for (BundleFormat format : BundleFormat.values()) {
      assertThat(write(format, entries(FILES))).as(format.name()).isEqualTo(write(format, entries(FILES)));
    }
  }

  @Test
  void tarEntriesAreSortedWithFixedTimeOwnerAndMode() throws IOException {
    Map<String, Archives.TarFile> tar = Archives.tarGzEntries(write(BundleFormat.TAR_GZ, entries(FILES)));
    assertThat(tar.keySet()).containsExactly("5.10.0-32-amd64/x86_64/a.o", "6.1.0-50-amd64/x86_64/a.o", "manifest.json");
    assertThat(tar.values()).allSatisfy(f -> {
      assertThat(f.entry().getModTime().getTime()).isZero();
      assertThat(f.entry().getLongUserId()).isZero();
      assertThat(f.entry().getLongGroupId()).isZero();
      assertThat(f.entry().getMode()).isEqualTo(0644);
    });
    assertThat(new String(tar.get("manifest.json").content(), StandardCharsets.UTF_8)).isEqualTo("{}\n");
  }

  @Test
  void zipBytesDoNotDependOnTheTimeZone() throws IOException {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      byte[] utc = write(BundleFormat.ZIP, entries(FILES));
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      byte[] kolkata = write(BundleFormat.ZIP, entries(FILES));
      assertThat(kolkata).isEqualTo(utc);
      assertThat(Archives.zip(utc).keySet()).containsExactly("5.10.0-32-amd64/x86_64/a.o", "6.1.0-50-amd64/x86_64/a.o", "manifest.json");
    } finally {
      TimeZone.setDefault(saved);
    }
  }
}
