package dev.bpfforge.service.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Btf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Features read from real kernels' BTF: what 5.10 and 6.1 are known to support. */
class KernelFeatureReaderTest {

  private static KernelFeatureSet read(byte[] raw) {
    return KernelFeatureReader.read(Btf.parse(raw));
  }

  @Test
  void kernel510HasRingbufAndFentryButNoBpfLoopOrKfuncs() {
    KernelFeatureSet f = read(SharedBtf.raw(SharedBtf.K510));
    assertThat(f.highlights()).containsEntry("ringbuf", true).containsEntry("bpf_link", true).containsEntry("fentry", true)
        .containsEntry("lsm", true).containsEntry("struct_ops", true).containsEntry("iterators", true)
        .containsEntry("bpf_loop", false).containsEntry("kfuncs", false).containsEntry("user_ringbuf", false)
        .containsEntry("kprobe_multi", false).containsEntry("uprobe_multi", false).containsEntry("tcx", false);
    assertThat(f.hasHelper("bpf_ringbuf_output")).isTrue();
    assertThat(f.hasHelper("bpf_loop")).isFalse();
  }

  @Test
  void kernel61AddsBpfLoopKfuncsUserRingbufAndKprobeMulti() {
    KernelFeatureSet f = read(SharedBtf.raw(SharedBtf.K61));
    assertThat(f.highlights()).containsEntry("ringbuf", true).containsEntry("bpf_loop", true).containsEntry("kfuncs", true)
        .containsEntry("user_ringbuf", true).containsEntry("kprobe_multi", true).containsEntry("dynptr", true)
        .containsEntry("uprobe_multi", false).containsEntry("tcx", false).containsEntry("arena", false);
    assertThat(read(SharedBtf.raw(SharedBtf.K61_ARM)).highlights()).isEqualTo(f.highlights());
  }

  @Test
  void namesAreBpftoolsWithoutPrefixesOrSentinels() {
    KernelFeatureSet f = read(SharedBtf.raw(SharedBtf.K61));
    assertThat(f.mapTypes()).startsWith("hash", "array").contains("ringbuf", "percpu_array")
        .doesNotContain("unspec").allMatch(n -> n.equals(n.toLowerCase()) && !n.startsWith("_"));
    assertThat(f.progTypes()).startsWith("socket_filter", "kprobe").contains("xdp", "tracing", "lsm").doesNotContain("unspec");
    assertThat(f.attachTypes()).startsWith("cgroup_inet_ingress").contains("trace_fentry", "lsm_mac", "trace_kprobe_multi")
        .noneMatch(n -> n.startsWith("_") || n.contains("max"));
    assertThat(f.helpers()).startsWith("bpf_map_lookup_elem").contains("bpf_loop", "bpf_ringbuf_reserve")
        .doesNotContain("bpf_unspec").allMatch(n -> n.startsWith("bpf_") && !n.contains("__"));
    // 6.1's helpers end at bpf_user_ringbuf_drain (id 209): nothing but BPF_FUNC_unspec is dropped.
    assertThat(f.helpers()).hasSize(209).endsWith("bpf_user_ringbuf_drain");
  }

  @Test
  void btfWithoutTheUapiEnumsSupportsNothingNamed() {
    // A valid BTF with no types at all: header, empty type section, a string section of "\0".
    ByteBuffer raw = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
    raw.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(0).putInt(0).putInt(1).put((byte) 0);
    KernelFeatureSet f = read(raw.array());
    assertThat(f.mapTypes()).isEmpty();
    assertThat(f.helpers()).isEmpty();
    assertThat(f.highlights()).isNotEmpty().doesNotContainValue(true);
  }
}
