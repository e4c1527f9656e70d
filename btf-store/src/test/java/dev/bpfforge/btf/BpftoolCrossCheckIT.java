package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds the parser to an independent reading of the same BTF: libbpf's, through
 * {@code bpftool btf dump file F}, whose lines {@code [id] KIND 'name' ...} give every type's
 * id, kind and name. Needs bpftool: under {@code CI=true} its absence fails the test.
 */
class BpftoolCrossCheckIT {

  // `[42] STRUCT 'task_struct' size=...`; member lines are indented and do not match.
  private static final Pattern TYPE_LINE = Pattern.compile("^\\[(\\d+)] (\\w+) '([^']*)'");

  private static Path bpftool;

  @TempDir
  Path tmp;

  @BeforeAll
  static void findBpftool() {
    bpftool = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, "bpftool"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(Path.of("/usr/sbin/bpftool"));
    if ("true".equals(System.getenv("CI"))) {
      assertThat(bpftool).as("bpftool (CI=true: required, not skipped)").isExecutable();
    } else {
      assumeTrue(Files.isExecutable(bpftool), "bpftool not installed, skipping");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SharedBtf.DEBIAN_5_10_AMD64, SharedBtf.DEBIAN_6_1_AMD64, SharedBtf.DEBIAN_6_1_ARM64})
  void everyTypeMatchesBpftoolInDebianBtf(String file) throws Exception {
    Path raw = tmp.resolve("btf");
    Files.write(raw, SharedBtf.raw(file));

    assertMatchesBpftool(raw);
  }

  @Test
  void everyTypeMatchesBpftoolInHostBtf() throws Exception {
    assertMatchesBpftool(SharedBtf.host());
  }

  private static void assertMatchesBpftool(Path raw) throws IOException, InterruptedException {
    Btf btf = Btf.parse(Files.readAllBytes(raw));
    Process dump = new ProcessBuilder(bpftool.toString(), "btf", "dump", "file", raw.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    int types = 0;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(dump.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher m = TYPE_LINE.matcher(line);
        if (!m.find()) {
          continue;
        }
        int id = Integer.parseInt(m.group(1));
        String name = m.group(3).equals("(anon)") ? "" : m.group(3);
        assertThat(btf.kind(id)).as("kind of type %d", id).hasToString(m.group(2));
        assertThat(btf.name(id)).as("name of type %d", id).isEqualTo(name);
        types++;
      }
    }
    assertThat(dump.waitFor(2, TimeUnit.MINUTES)).as("bpftool finished").isTrue();
    assertThat(dump.exitValue()).as("bpftool exit code").isZero();
    assertThat(btf.typeCount()).isEqualTo(types);
  }
}
