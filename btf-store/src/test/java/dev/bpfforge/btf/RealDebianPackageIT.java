package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the extractor's result for Debian's real 6.12 package to what the distribution's own
 * tools find, with none of our code in the way: {@link RealVmlinux} unpacks the vmlinux as
 * {@code dpkg-deb -x} and the kernel's {@code scripts/extract-vmlinux} do; {@code llvm-objcopy
 * --dump-section} takes the .BTF section; {@code bpftool} reads it. The stored BTF must be
 * byte-identical, with the same header, type count and named types.
 */
class RealDebianPackageIT {

  // `[42] STRUCT 'task_struct' size=...`
  private static final Pattern TYPE_LINE = Pattern.compile("^\\[(\\d+)] (\\w+) '([^']*)'", Pattern.MULTILINE);
  private static final List<String> SAMPLE = List.of("task_struct", "bpf_map_type", "bpf_prog_type",
      "bpf_func_id", "sk_buff", "bpf_attach_type", "pt_regs", "bpf_loop");

  @TempDir
  static Path tmp;
  private static Btf extracted;
  private static byte[] section;
  private static String dump;

  @BeforeAll
  static void extractBothWays() throws IOException {
    Path deb = SharedPackages.file(SharedPackages.DEBIAN_6_12_CLOUD_AMD64);
    extracted = new KernelBtfExtractor(Files.createDirectories(tmp.resolve("work")))
        .extract(deb, ExtractLimits.defaults()).btf();

    RealVmlinux.extract(deb, tmp);
    Tools.run(tmp, "llvm-objcopy", "--dump-section", ".BTF=vmlinux.btf", "vmlinux", "/dev/null");
    section = Files.readAllBytes(tmp.resolve("vmlinux.btf"));
    Path dumpFile = tmp.resolve("dump.txt");
    Tools.run(tmp, null, dumpFile, "bpftool", "btf", "dump", "file", "vmlinux.btf");
    dump = Files.readString(dumpFile, StandardCharsets.UTF_8);
  }

  @Test
  void storedBtfIsByteIdenticalToTheImagesBtfSection() {
    assertThat(extracted.bytes()).isEqualTo(section);
  }

  @Test
  void headerMatches() {
    assertThat(extracted.size()).isEqualTo(section.length);
    // magic 0xeb9f LE, version 1, flags 0, hdr_len 24
    assertThat(section).startsWith(0x9f, 0xeb, 1, 0, 24, 0, 0, 0);
    int typeLength = u32(section, 12);
    int stringLength = u32(section, 20);
    assertThat(extracted.typeSectionLength()).isEqualTo(typeLength);
    assertThat(extracted.stringSectionLength()).isEqualTo(stringLength);
  }

  @Test
  void typeCountMatchesBpftool() {
    Matcher m = TYPE_LINE.matcher(dump);
    int types = 0;
    while (m.find()) {
      types++;
    }
    assertThat(extracted.typeCount()).isEqualTo(types).isEqualTo(SharedPackages.DEBIAN_6_12_TYPES);
  }

  @Test
  void namedTypesHaveTheIdsAndKindsBpftoolGives() {
    Matcher m = TYPE_LINE.matcher(dump);
    Map<String, Integer> checked = new java.util.HashMap<>();
    while (m.find()) {
      if (SAMPLE.contains(m.group(3)) && !checked.containsKey(m.group(3))) {
        int id = Integer.parseInt(m.group(1));
        assertThat(extracted.name(id)).isEqualTo(m.group(3));
        assertThat(extracted.kind(id)).hasToString(m.group(2));
        checked.put(m.group(3), id);
      }
    }
    assertThat(checked).containsOnlyKeys(SAMPLE);
  }

  private static int u32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }
}
