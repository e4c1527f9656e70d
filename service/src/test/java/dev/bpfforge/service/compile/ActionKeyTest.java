package dev.bpfforge.service.compile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bpfforge.btf.Arch;
import dev.bpfforge.btf.KernelRelease;
import dev.bpfforge.btf.Sha256;
import dev.bpfforge.service.toolchain.Toolchain;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActionKeyTest {

  /** Every input of one key; {@link #key()} computes it. */
  record Inputs(Sha256 sources, CompileOptions options, Sha256 btf, Arch arch, Toolchain toolchain, Mcpu mcpu,
      String release, String name, ArtifactSelection artifacts) {
    Inputs(Sha256 sources, CompileOptions options, Sha256 btf, Arch arch, Toolchain toolchain, Mcpu mcpu) {
      this(sources, options, btf, arch, toolchain, mcpu, "6.1.0-50-amd64", "bpf", ArtifactSelection.O);
    }

    Sha256 key() {
      return ActionKey.of(sources, options, btf, arch, toolchain, mcpu, KernelRelease.parse(release), name, artifacts);
    }

    Inputs withOutputs(String release, String name, ArtifactSelection artifacts) {
      return new Inputs(sources, options, btf, arch, toolchain, mcpu, release, name, artifacts);
    }

    Inputs withOptions(SourcePath entry, List<String> includes, List<Define> defines, boolean strip) {
      return new Inputs(sources, new CompileOptions(entry, includes, defines, options.mcpu(), strip), btf, arch, toolchain, mcpu);
    }

    Inputs withToolchain(String id, String clang, String libbpf, String bpftool) {
      return new Inputs(sources, options, btf, arch,
          new Toolchain(id, clang, libbpf, bpftool, toolchain.arches(), toolchain.systemIncludes(), toolchain.image()), mcpu);
    }
  }

  private static final Toolchain TOOLCHAIN =
      new Toolchain("debian-12", "14.0.6", "1.1", "7.1.0", Set.of(Arch.X86_64, Arch.ARM64), List.of("/usr/include"), null);

  private static final Inputs BASE = new Inputs(
      Sha256.of("sources".getBytes(UTF_8)),
      new CompileOptions(new SourcePath("bpf.c"), List.of("inc", "lib"), List.of(Define.parse("A=1"), Define.parse("B")), Optional.empty(), false),
      Sha256.of("btf".getBytes(UTF_8)),
      Arch.X86_64,
      TOOLCHAIN,
      Mcpu.V3);

  @Test
  void sameInputsGiveTheSameKey() {
    Inputs copy = new Inputs(
        Sha256.of("sources".getBytes(UTF_8)),
        new CompileOptions(new SourcePath("bpf.c"), List.of("inc", "lib"), List.of(Define.parse("A=1"), Define.parse("B")), Optional.empty(), false),
        Sha256.of("btf".getBytes(UTF_8)),
        Arch.X86_64,
        new Toolchain("debian-12", "14.0.6", "1.1", "7.1.0", Set.of(Arch.X86_64, Arch.ARM64), List.of("/usr/include"), null),
        Mcpu.V3);

    assertThat(copy.key()).isEqualTo(BASE.key());
  }

  static Stream<Arguments> changes() {
    CompileOptions o = BASE.options();
    List<Arguments> all = List.of(
        change("sources digest", b -> new Inputs(Sha256.of("other".getBytes(UTF_8)), b.options(), b.btf(), b.arch(), b.toolchain(), b.mcpu())),
        change("entry", b -> b.withOptions(new SourcePath("other.bpf.c"), o.includeDirs(), o.defines(), o.strip())),
        change("include order", b -> b.withOptions(o.entry(), List.of("lib", "inc"), o.defines(), o.strip())),
        change("one include fewer", b -> b.withOptions(o.entry(), List.of("inc"), o.defines(), o.strip())),
        change("top-level include added", b -> b.withOptions(o.entry(), List.of("inc", "lib", ""), o.defines(), o.strip())),
        change("define order", b -> b.withOptions(o.entry(), o.includeDirs(), List.of(Define.parse("B"), Define.parse("A=1")), o.strip())),
        change("define value", b -> b.withOptions(o.entry(), o.includeDirs(), List.of(Define.parse("A=2"), Define.parse("B")), o.strip())),
        change("define without value", b -> b.withOptions(o.entry(), o.includeDirs(), List.of(Define.parse("A"), Define.parse("B")), o.strip())),
        change("btf digest", b -> new Inputs(b.sources(), b.options(), Sha256.of("other".getBytes(UTF_8)), b.arch(), b.toolchain(), b.mcpu())),
        change("arch", b -> new Inputs(b.sources(), b.options(), b.btf(), Arch.ARM64, b.toolchain(), b.mcpu())),
        change("toolchain id", b -> b.withToolchain("debian-13", "14.0.6", "1.1", "7.1.0")),
        change("clang version", b -> b.withToolchain("debian-12", "14.0.7", "1.1", "7.1.0")),
        change("libbpf version", b -> b.withToolchain("debian-12", "14.0.6", "1.2", "7.1.0")),
        change("bpftool version", b -> b.withToolchain("debian-12", "14.0.6", "1.1", "7.1.1")),
        change("mcpu", b -> new Inputs(b.sources(), b.options(), b.btf(), b.arch(), b.toolchain(), Mcpu.V2)),
        change("strip", b -> b.withOptions(o.entry(), o.includeDirs(), o.defines(), true)),
        change("kernel release (the .so and manifest name it)", b -> b.withOutputs("6.1.0-51-amd64", b.name(), b.artifacts())),
        change("artifact name", b -> b.withOutputs(b.release(), "other", b.artifacts())),
        change("artifact kinds", b -> b.withOutputs(b.release(), b.name(), ArtifactSelection.parse("o,skel"))),
        change("cflag added", b -> withCflags(b, List.of(new CFlag("-O3")))));
    return all.stream();
  }

  @org.junit.jupiter.api.Test
  void cflagOrderIsPartOfTheKey() {
    // clang lets a later -O override an earlier one, so order can change the bytes.
    assertThat(withCflags(BASE, List.of(new CFlag("-O1"), new CFlag("-O3"))).key())
        .isNotEqualTo(withCflags(BASE, List.of(new CFlag("-O3"), new CFlag("-O1"))).key());
  }

  private static Inputs withCflags(Inputs b, List<CFlag> cflags) {
    CompileOptions o = b.options();
    return new Inputs(b.sources(), new CompileOptions(o.entry(), o.includeDirs(), o.defines(), o.mcpu(), o.strip(), cflags),
        b.btf(), b.arch(), b.toolchain(), b.mcpu(), b.release(), b.name(), b.artifacts());
  }

  private static Arguments change(String what, UnaryOperator<Inputs> change) {
    return Arguments.of(what, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changingAnyInputChangesTheKey(String what, UnaryOperator<Inputs> change) {
    assertThat(change.apply(BASE).key()).as(what).isNotEqualTo(BASE.key());
  }

  @Test
  void everyChangeGivesADistinctKey() {
    List<Sha256> keys = changes().map(a -> ((UnaryOperator<Inputs>) a.get()[1]).apply(BASE).key()).toList();

    assertThat(keys).doesNotHaveDuplicates().doesNotContain(BASE.key());
  }

  @Test
  void askingForTheObjectByNameIsTheSameKeyAsTheDefault() {
    assertThat(BASE.withOutputs(BASE.release(), BASE.name(), ArtifactSelection.parse("o")).key()).isEqualTo(BASE.key());
    assertThat(BASE.withOutputs(BASE.release(), BASE.name(), ArtifactSelection.parse("skel")).key())
        .as("the object is always produced: skel alone makes o and skel")
        .isEqualTo(BASE.withOutputs(BASE.release(), BASE.name(), ArtifactSelection.parse("skel,o")).key());
  }

  @Test
  void anIncludeCannotPassForADefine() {
    Inputs includeOnly = BASE.withOptions(BASE.options().entry(), List.of("A"), List.of(), false);
    Inputs defineOnly = BASE.withOptions(BASE.options().entry(), List.of(), List.of(Define.parse("A")), false);

    assertThat(includeOnly.key()).isNotEqualTo(defineOnly.key());
  }
}
