package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real 6.12 cloud kernel package, through the whole chain: ar, data.tar.xz, the
 * bzImage's zstd payload, the vmlinux ELF's .BTF section. BpftoolCrossCheck-style independent
 * checks of the same bytes are in {@link RealDebianPackageIT}.
 */
class RealDebianPackageTest {

  @TempDir
  static Path tmp;
  private static ExtractedKernel kernel;

  @BeforeAll
  static void extract() throws IOException {
    Path deb = SharedPackages.file(SharedPackages.DEBIAN_6_12_CLOUD_AMD64);
    kernel = new KernelBtfExtractor(tmp).extract(deb, ExtractLimits.defaults());
  }

  @Test
  void packageMetadataNamesTheKernel() {
    assertThat(kernel.sourceFormat()).isEqualTo("deb");
    assertThat(kernel.release()).contains(KernelRelease.parse(SharedPackages.DEBIAN_6_12_RELEASE));
    assertThat(kernel.arch()).contains(Arch.X86_64);
    assertThat(kernel.distro()).contains("debian");
    assertThat(kernel.flavour()).contains("cloud-amd64");
  }

  @Test
  void stepsNameEachLayer() {
    assertThat(kernel.steps()).containsExactly(
        "deb: linux-image-6.12.94+deb13-cloud-amd64-unsigned 6.12.94-1 amd64",
        "deb: data.tar.xz",
        "boot/vmlinuz-6.12.94+deb13-cloud-amd64",
        "bzImage: zstd payload at 0x52cc (10.9 MiB)",
        "vmlinux ELF: .BTF 4.5 MiB");
  }

  @Test
  void btfIsTheImagesBtfSection() {
    Btf btf = kernel.btf();

    assertThat(btf.size()).isEqualTo(SharedPackages.DEBIAN_6_12_BTF_BYTES);
    assertThat(btf.typeCount()).isEqualTo(SharedPackages.DEBIAN_6_12_TYPES);
    assertThat(btf.version()).isEqualTo(1);
    assertThat(btf.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(btf.findType("task_struct", BtfKind.STRUCT)).isPresent();
    assertThat(btf.findType("bpf_map_type", BtfKind.ENUM)).isPresent();
    assertThat(btf.findType("bpf_prog", BtfKind.STRUCT)).isPresent();
    assertThat(btf.findType("bpf_loop", BtfKind.FUNC)).isPresent();
  }

  @Test
  void featuresOf612IncludeTcxAndTaggedKfuncs() {
    KernelFeatures f = KernelFeatures.of(kernel.btf());

    assertThat(f.highlights()).containsEntry("tcx", true).containsEntry("uprobe_multi", true)
        .containsEntry("kfunc_tags", true).containsEntry("arena", true).containsEntry("bpf_loop", true);
    assertThat(f.kfuncs()).contains("bpf_dynptr_slice", "bpf_cgroup_acquire", "bpf_task_from_pid");
  }
}
