package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.toolchain.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetManifestTest {
  static final byte[] SOURCE = "int x;".getBytes(StandardCharsets.UTF_8);
  static final SourceTree TREE = new SourceTree(Map.of(new SourcePath("src/prog.bpf.c"), SOURCE));
  static final CompileOptions OPTIONS = new CompileOptions(new SourcePath("src/prog.bpf.c"), List.of("src"),
      List.of(Define.parse("DEBUG"), Define.parse("PORT=80")), Optional.empty(), true);
  static final TargetManifest.Kernel KERNEL =
      new TargetManifest.Kernel(KernelRelease.parse("6.1.0-50-arm64"), Arch.ARM64, Sha256.of("btf".getBytes(StandardCharsets.UTF_8)));
  static final Toolchain TOOLCHAIN = new Toolchain("clang19-trixie", "19.1.7", "1.5", "7.5.0", Set.of(Arch.ARM64), List.of(), "img:1");
  static final List<TargetManifest.Entry> ARTIFACTS = List.of(
      new TargetManifest.Entry(ArtifactKind.O, "prog.o", "ELF".getBytes(StandardCharsets.UTF_8)),
      new TargetManifest.Entry(ArtifactKind.BTF, "prog.min.btf", new byte[] {(byte) 0x9f, (byte) 0xeb}));

  static byte[] write() {
    return TargetManifest.write("prog", TREE, OPTIONS, KERNEL, TOOLCHAIN, Mcpu.V2, ARTIFACTS);
  }

  @Test
  void sameInputsGiveTheSameBytes() {
    assertThat(write()).isEqualTo(write());
  }

  @Test
  void listsEveryArtifactWithSizeAndDigestInOrder() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(write());

    assertThat(manifest.get("format").asText()).isEqualTo("bpfforge-target-manifest/1");
    assertThat(manifest.get("artifacts")).hasSize(2);
    JsonNode btf = manifest.get("artifacts").get(1);
    assertThat(btf.get("kind").asText()).isEqualTo("btf");
    assertThat(btf.get("name").asText()).isEqualTo("prog.min.btf");
    assertThat(btf.get("size").asInt()).isEqualTo(2);
    assertThat(btf.get("sha256").asText()).isEqualTo(Sha256.of(new byte[] {(byte) 0x9f, (byte) 0xeb}).hex());
  }

  @Test
  void namesEveryInputOfTheCompile() throws IOException {
    JsonNode inputs = new ObjectMapper().readTree(write()).get("inputs");

    assertThat(inputs.at("/sources/sha256").asText()).isEqualTo(TREE.digest().hex());
    assertThat(inputs.at("/sources/entry").asText()).isEqualTo("src/prog.bpf.c");
    assertThat(inputs.at("/sources/entrySha256").asText()).isEqualTo(Sha256.of(SOURCE).hex());
    assertThat(inputs.at("/kernel/release").asText()).isEqualTo("6.1.0-50-arm64");
    assertThat(inputs.at("/kernel/arch").asText()).isEqualTo("arm64");
    assertThat(inputs.at("/kernel/btfSha256").asText()).isEqualTo(KERNEL.btf().hex());
    assertThat(inputs.at("/toolchain").toString())
        .isEqualTo("{\"id\":\"clang19-trixie\",\"clang\":\"19.1.7\",\"libbpf\":\"1.5\",\"bpftool\":\"7.5.0\"}");
    assertThat(inputs.at("/options").toString())
        .isEqualTo("{\"mcpu\":\"v2\",\"strip\":true,\"defines\":[\"DEBUG\",\"PORT=80\"],\"includes\":[\"src\"]}");
  }
}
