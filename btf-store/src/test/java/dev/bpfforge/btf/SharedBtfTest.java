package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The fixture rule: missing test BTF skips a test on a laptop but fails it under CI=true. */
class SharedBtfTest {

  private static final Path MISSING = Path.of("..", "..", "shared", "btf", "no-such-kernel.btf.xz");

  @Test
  void missingFileFailsUnderCi() {
    assertThatThrownBy(() -> SharedBtf.require(MISSING, true)).isInstanceOf(AssertionError.class);
  }

  @Test
  void missingFileSkipsOutsideCi() {
    assertThatThrownBy(() -> SharedBtf.require(MISSING, false)).isInstanceOf(TestAbortedException.class);
  }

  @Test
  void sharedFilesAreFoundFromTheModuleDirectory() {
    assertThat(SharedBtf.file(SharedBtf.DEBIAN_6_1_ARM64)).isReadable();
  }
}
