package dev.bpfforge.btf;

import static dev.bpfforge.btf.SharedBtf.DEBIAN_5_10_AMD64;
import static dev.bpfforge.btf.SharedBtf.DEBIAN_6_1_AMD64;
import static dev.bpfforge.btf.SharedBtf.DEBIAN_6_1_ARM64;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What real kernels support, read from their own BTF. */
class KernelFeaturesTest {

  private static KernelFeatures features(String file) {
    return KernelFeatures.of(Btf.parse(SharedBtf.raw(file)));
  }

  @Test
  void debian510HasRingbufAndFentryButNotBpfLoop() {
    KernelFeatures f = features(DEBIAN_5_10_AMD64);

    assertThat(f.highlights())
        .containsEntry("ringbuf", true).containsEntry("fentry", true).containsEntry("bpf_link", true)
        .containsEntry("lsm", true).containsEntry("sleepable", true)
        .containsEntry("bpf_loop", false).containsEntry("user_ringbuf", false).containsEntry("kprobe_multi", false)
        .containsEntry("btf_enum64", false).containsEntry("kfunc_tags", false);
    assertThat(f.mapTypes()).contains("BPF_MAP_TYPE_RINGBUF").doesNotContain("BPF_MAP_TYPE_UNSPEC");
    assertThat(f.helpers()).hasSize(155).contains("BPF_FUNC_ringbuf_output").doesNotContain("BPF_FUNC_loop");
    assertThat(f.attachTypes()).contains("BPF_TRACE_FENTRY", "BPF_CGROUP_INET_INGRESS");
    assertThat(f.linkTypes()).contains("BPF_LINK_TYPE_TRACING");
  }

  @ParameterizedTest
  @ValueSource(strings = {DEBIAN_6_1_AMD64, DEBIAN_6_1_ARM64})
  void debian61AddsBpfLoopUserRingbufAndEnum64(String file) {
    KernelFeatures f = features(file);

    assertThat(f.highlights())
        .containsEntry("bpf_loop", true).containsEntry("user_ringbuf", true).containsEntry("dynptr", true)
        .containsEntry("kprobe_multi", true).containsEntry("btf_enum64", true)
        .containsEntry("uprobe_multi", false).containsEntry("tcx", false).containsEntry("arena", false);
    assertThat(f.helpers()).hasSize(209).contains("BPF_FUNC_loop");
    assertThat(f.btfKinds()).contains(BtfKind.ENUM64).doesNotContain(BtfKind.DECL_TAG);
  }

  @Test
  void hostKernelFeaturesAreAtLeastThoseOf61() {
    KernelFeatures host = KernelFeatures.of(Btf.parse(SharedBtf.raw(SharedBtf.host())));
    KernelFeatures old = features(DEBIAN_6_1_AMD64);

    assertThat(host.highlights()).containsEntry("ringbuf", true).containsEntry("bpf_loop", true);
    // Helpers and map types are only ever added to the UAPI enums, never removed.
    assertThat(host.helpers()).containsAll(old.helpers());
    assertThat(host.mapTypes()).containsAll(old.mapTypes());
  }

  @Test
  void kfuncsAreTheFunctionsTaggedBpfKfunc() {
    BtfBuilder b = new BtfBuilder();
    int i = b.intType("int", 4, 32);
    int proto = b.funcProto(i);
    int kfunc = b.func("bpf_task_acquire", proto);
    b.func("plain_function", proto);
    b.declTag("bpf_kfunc", kfunc, -1);
    b.declTag("other_tag", kfunc + 1, -1);

    KernelFeatures f = KernelFeatures.of(Btf.parse(b.build()));

    assertThat(f.kfuncs()).containsExactly("bpf_task_acquire");
    assertThat(f.highlights()).containsEntry("kfunc_tags", true).containsEntry("btf_decl_tag", true)
        .containsEntry("ringbuf", false).containsEntry("bpf_link", false);
  }

  @Test
  void btfWithoutBpfEnumsHasNoFeatures() {
    KernelFeatures f = KernelFeatures.of(Btf.parse(BtfBuilder.sample().build()));

    assertThat(f.mapTypes()).isEmpty();
    assertThat(f.helpers()).isEmpty();
    assertThat(f.highlights().values()).containsOnly(true, false);
    assertThat(f.btfKinds()).isEqualTo(Set.of(BtfKind.values()).stream()
        .filter(k -> k != BtfKind.VOID).collect(java.util.stream.Collectors.toSet()));
  }
}
