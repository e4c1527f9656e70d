package dev.bpfforge.service.compile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceTreeTest {

  private static SourceTree tree(String... pathsAndContents) {
    Map<SourcePath, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(new SourcePath(pathsAndContents[i]), pathsAndContents[i + 1].getBytes(UTF_8));
    }
    return new SourceTree(files);
  }

  @Test
  void digestDoesNotDependOnInsertionOrder() {
    assertThat(tree("bpf.c", "int x;", "inc/a.h", "int y;", "b.h", "").digest())
        .isEqualTo(tree("b.h", "", "inc/a.h", "int y;", "bpf.c", "int x;").digest());
  }

  @Test
  void digestIsStableAcrossInstances() {
    assertThat(tree("bpf.c", "int x;").digest()).isEqualTo(tree("bpf.c", "int x;").digest());
  }

  @Test
  void digestChangesWhenOneByteChanges() {
    assertThat(tree("bpf.c", "int x;", "a.h", "1").digest()).isNotEqualTo(tree("bpf.c", "int x;", "a.h", "2").digest());
  }

  @Test
  void digestChangesWhenAPathChanges() {
    assertThat(tree("bpf.c", "int x;", "a.h", "1").digest()).isNotEqualTo(tree("bpf.c", "int x;", "b.h", "1").digest());
    assertThat(tree("inc/a.h", "1").digest()).isNotEqualTo(tree("inc2/a.h", "1").digest());
  }

  @Test
  void digestChangesWhenAFileIsAddedEvenIfEmpty() {
    assertThat(tree("bpf.c", "x").digest()).isNotEqualTo(tree("bpf.c", "x", "empty.h", "").digest());
    assertThat(tree().digest()).isNotEqualTo(tree("empty.h", "").digest());
  }

  @Test
  void movingBytesBetweenPathAndContentChangesTheDigest() {
    assertThat(tree("ab", "c").digest()).isNotEqualTo(tree("a", "bc").digest());
    assertThat(tree("a.h", "xy").digest()).isNotEqualTo(tree("a.hx", "y").digest());
  }

  @Test
  void movingBytesBetweenFilesChangesTheDigest() {
    assertThat(tree("a", "12", "b", "3").digest()).isNotEqualTo(tree("a", "1", "b", "23").digest());
    assertThat(tree("a", "1", "b", "").digest()).isNotEqualTo(tree("a", "", "b", "1").digest());
  }

  @Test
  void filesAreListedInPathOrderAndCannotBeModified() {
    SourceTree tree = tree("z.h", "", "a.h", "", "m/x.h", "");

    assertThat(tree.paths()).extracting(SourcePath::value).containsExactly("a.h", "m/x.h", "z.h");
    assertThatThrownBy(() -> tree.files().put(new SourcePath("n.h"), new byte[0]))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void hasDirectoryMatchesWholeSegmentsOnly() {
    SourceTree tree = tree("inc/linux/a.h", "", "bpf.c", "");

    assertThat(tree.hasDirectory("")).isTrue();
    assertThat(tree.hasDirectory("inc")).isTrue();
    assertThat(tree.hasDirectory("inc/linux")).isTrue();
    assertThat(tree.hasDirectory("in")).isFalse();
    assertThat(tree.hasDirectory("bpf.c")).isFalse();
  }
}
