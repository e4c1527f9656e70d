package dev.bpfforge.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchTest {

  @ParameterizedTest
  @CsvSource({
      "x86_64, X86_64", "amd64, X86_64", "AMD64, X86_64", "X86_64, X86_64",
      "arm64, ARM64", "aarch64, ARM64", "AArch64, ARM64",
  })
  void aliasesParseToTheirArchitecture(String name, Arch expected) {
    assertThat(Arch.parse(name)).isEqualTo(expected);
  }

  @Test
  void idIsTheCanonicalSpelling() {
    assertThat(Arch.parse("amd64").id()).isEqualTo("x86_64");
    assertThat(Arch.parse("aarch64").id()).isEqualTo("arm64");
    assertThat(Arch.ARM64).hasToString("arm64");
  }

  @Test
  void clangTargetArchIsLibbpfsTargetArchSuffix() {
    assertThat(Arch.X86_64.clangTargetArch()).isEqualTo("x86");
    assertThat(Arch.ARM64.clangTargetArch()).isEqualTo("arm64");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mips", "x86", "i386", "arm", "riscv64"})
  void otherArchitecturesAreRejected(String name) {
    assertThatThrownBy(() -> Arch.parse(name)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("unsupported architecture '" + name + "': use x86_64 (amd64) or arm64 (aarch64)");
  }

  @Test
  void surroundingBlanksAreIgnored() {
    assertThat(Arch.parse(" arm64\n")).isEqualTo(Arch.ARM64);
  }

  @Test
  void unsupportedNameIsEchoedOnOneShortLine() {
    assertThatThrownBy(() -> Arch.parse("m\nips" + "x".repeat(100)))
        .hasMessage("unsupported architecture 'm?ipsxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...': "
            + "use x86_64 (amd64) or arm64 (aarch64)");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingArchitectureIsRejected(String name) {
    assertThatThrownBy(() -> Arch.parse(name)).isInstanceOf(InvalidIdentifierException.class)
        .hasMessage("architecture is missing: use x86_64 or arm64");
  }

  @Test
  void hostIsTheJvmsArchitecture() {
    assertThat(Arch.host()).isEqualTo(Arch.parse(System.getProperty("os.arch")));
  }
}
