package dev.bpfforge.btf;

import static dev.bpfforge.btf.SharedBtf.DEBIAN_5_10_AMD64;
import static dev.bpfforge.btf.SharedBtf.DEBIAN_6_1_AMD64;
import static dev.bpfforge.btf.SharedBtf.DEBIAN_6_1_ARM64;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real kernels' BTF: Debian 5.10 and 6.1 (amd64, arm64) and this host's own. */
class RealBtfTest {

  @ParameterizedTest
  // Counts as `bpftool btf dump file F | grep -c '^\['` (bpftool v7.5) reports them.
  @CsvSource({
      DEBIAN_5_10_AMD64 + ", 82904",
      DEBIAN_6_1_AMD64 + ", 100642",
      DEBIAN_6_1_ARM64 + ", 109496",
  })
  void debianKernelBtfParsesWithEveryType(String file, int expectedTypes) {
    Btf btf = Btf.parse(SharedBtf.raw(file));

    assertThat(btf.typeCount()).isEqualTo(expectedTypes);
    assertThat(btf.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(btf.findType("task_struct", BtfKind.STRUCT)).isPresent();
    assertThat(btf.enumerators("bpf_map_type")).contains("BPF_MAP_TYPE_RINGBUF");
    assertThat(btf.enumerators("bpf_func_id")).startsWith("BPF_FUNC_unspec", "BPF_FUNC_map_lookup_elem");
  }

  @Test
  void hostKernelBtfParses() {
    Btf btf = Btf.parse(SharedBtf.raw(SharedBtf.host()));

    assertThat(btf.typeCount()).isGreaterThan(50_000);
    assertThat(btf.findType("task_struct", BtfKind.STRUCT)).isPresent();
    assertThat(btf.enumerators("bpf_prog_type")).contains("BPF_PROG_TYPE_KPROBE");
  }

  @Test
  void bpfLoopHelperIsAbsentIn510() {
    Btf btf = Btf.parse(SharedBtf.raw(DEBIAN_5_10_AMD64));

    assertThat(btf.enumerators("bpf_func_id")).hasSize(157).doesNotContain("BPF_FUNC_loop");
  }

  @ParameterizedTest
  @ValueSource(strings = {DEBIAN_6_1_AMD64, DEBIAN_6_1_ARM64})
  void bpfLoopHelperIsPresentIn61(String file) {
    Btf btf = Btf.parse(SharedBtf.raw(file));

    assertThat(btf.enumerators("bpf_func_id")).hasSize(211).contains("BPF_FUNC_loop");
  }

  @Test
  void arm64KernelHasArm64RegisterLayout() {
    Btf btf = Btf.parse(SharedBtf.raw(DEBIAN_6_1_ARM64));

    assertThat(btf.findType("user_pt_regs", BtfKind.STRUCT)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {DEBIAN_5_10_AMD64, DEBIAN_6_1_AMD64})
  void amd64KernelsHaveNoArm64RegisterLayout(String file) {
    Btf btf = Btf.parse(SharedBtf.raw(file));

    assertThat(btf.findType("user_pt_regs", BtfKind.STRUCT)).isEmpty();
    assertThat(btf.findType("pt_regs", BtfKind.STRUCT)).isPresent();
  }

  @Test
  void enum64AppearsFrom61() {
    // ENUM64 came with kernel 6.0 and pahole 1.24; 5.10's BTF predates it.
    assertThat(Btf.parse(SharedBtf.raw(DEBIAN_5_10_AMD64)).findType("bpf_func_id", BtfKind.ENUM64)).isEmpty();
    Btf btf61 = Btf.parse(SharedBtf.raw(DEBIAN_6_1_AMD64));
    int enum64s = 0;
    for (int id = 1; id <= btf61.typeCount(); id++) {
      enum64s += btf61.kind(id) == BtfKind.ENUM64 ? 1 : 0;
    }
    assertThat(enum64s).isEqualTo(7);
  }
}
