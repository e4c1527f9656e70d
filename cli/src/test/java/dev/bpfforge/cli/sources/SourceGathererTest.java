package dev.bpfforge.cli.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceGathererTest {
  @TempDir Path dir;

  private Path write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  void gathersSiblingSubdirectoryAndIncludeDirHeadersWithTreePathsUnderACommonRoot() throws IOException {
    Path entry = write("prog/src/prog.bpf.c", """
        #include "vmlinux.h"
        #include <bpf/bpf_helpers.h>
        #include "maps.h"
        #include "sub/helper.h"
        #include <common.h>
        """);
    write("prog/src/maps.h", "#include \"types.h\"\n");
    write("prog/src/types.h", "");
    write("prog/src/sub/helper.h", "#include \"../types.h\"\n");
    write("prog/include/common.h", "");
    write("prog/src/unused.h", "");

    GatheredSources sources = SourceGatherer.gather(entry, List.of(dir.resolve("prog/include")));

    assertThat(sources.root()).isEqualTo(dir.resolve("prog").toRealPath());
    assertThat(sources.entry()).isEqualTo("src/prog.bpf.c");
    assertThat(sources.files()).containsOnlyKeys("src/prog.bpf.c", "src/maps.h", "src/types.h", "src/sub/helper.h", "include/common.h");
    assertThat(sources.includeDirs()).containsExactly("include");
  }

  @Test
  void quotedIncludesPreferTheIncludingFilesDirectoryOverIncludeDirs() throws IOException {
    Path entry = write("src/bpf.c", "#include \"conf.h\"\n");
    write("src/conf.h", "// the sibling\n");
    write("inc/conf.h", "// shadowed\n");

    GatheredSources sources = SourceGatherer.gather(entry, List.of(dir.resolve("inc")));

    assertThat(sources.files()).containsOnlyKeys("src/bpf.c", "src/conf.h");
    assertThat(sources.includeDirs()).as("an -I dir nothing was taken from is not sent").isEmpty();
  }

  @Test
  void angledIncludesAreNotLookedUpBesideTheIncludingFile() throws IOException {
    Path entry = write("bpf.c", "#include <near.h>\n");
    write("near.h", "");

    assertThat(SourceGatherer.gather(entry, List.of()).files()).containsOnlyKeys("bpf.c");
  }

  @Test
  void includeDirsAreSearchedInOrder() throws IOException {
    Path entry = write("src/bpf.c", "#include <a.h>\n");
    write("first/a.h", "");
    write("second/a.h", "");

    GatheredSources sources = SourceGatherer.gather(entry, List.of(dir.resolve("first"), dir.resolve("second")));

    assertThat(sources.files()).containsOnlyKeys("src/bpf.c", "first/a.h");
    assertThat(sources.includeDirs()).containsExactly("first");
  }

  @Test
  void nothingOutsideTheEntrysDirectoryOrTheIncludeDirsIsSent() throws IOException {
    Path entry = write("prog/bpf.c", "#include \"../secret.h\"\n#include \"/etc/passwd\"\n#include \"link.h\"\n");
    Path secret = write("secret.h", "int secret;\n");
    Files.createSymbolicLink(dir.resolve("prog/link.h"), secret);

    GatheredSources sources = SourceGatherer.gather(entry, List.of());

    assertThat(sources.files()).containsOnlyKeys("bpf.c");
  }

  @Test
  void headersIncludedTwiceOrInACycleAreSentOnce() throws IOException {
    Path entry = write("bpf.c", "#include \"a.h\"\n#include \"b.h\"\n#include \"a.h\"\n");
    write("a.h", "#pragma once\n#include \"b.h\"\n");
    write("b.h", "#ifndef B\n#define B\n#include \"a.h\"\n#endif\n");

    assertThat(SourceGatherer.gather(entry, List.of()).files()).containsOnlyKeys("bpf.c", "a.h", "b.h");
  }

  @Test
  void theEntrysOwnDirectoryAsIncludeDirIsTheRoot() throws IOException {
    Path entry = write("bpf.c", "#include <local.h>\n");
    write("local.h", "");

    GatheredSources sources = SourceGatherer.gather(entry, List.of(dir));

    assertThat(sources.includeDirs()).containsExactly(".");
    assertThat(sources.files()).containsOnlyKeys("bpf.c", "local.h");
  }

  @Test
  void aMissingEntryOrIncludeDirIsAUsageError() throws IOException {
    assertThatThrownBy(() -> SourceGatherer.gather(dir.resolve("nope.c"), List.of()))
        .isInstanceOf(CliException.class).hasMessageContaining("nope.c")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    Path entry = write("bpf.c", "");
    assertThatThrownBy(() -> SourceGatherer.gather(entry, List.of(dir.resolve("missing"))))
        .isInstanceOf(CliException.class).hasMessageContaining("missing");
  }

  @Test
  void localPathsAreTheFilesOnThisMachine() throws IOException {
    Path entry = write("src/bpf.c", "#include \"x.h\"\n");
    write("src/x.h", "");

    GatheredSources sources = SourceGatherer.gather(entry, List.of());

    assertThat(Path.of(sources.localPath("x.h")).toAbsolutePath()).isEqualTo(dir.resolve("src/x.h").toRealPath());
    assertThat(sources.localPath("bpf/bpf_helpers.h")).isEqualTo("bpf/bpf_helpers.h");
  }
}
