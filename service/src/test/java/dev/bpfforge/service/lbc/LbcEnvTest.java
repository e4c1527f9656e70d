package dev.bpfforge.service.lbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.compile.Define;
import org.junit.jupiter.api.Test;

class LbcEnvTest {
  @Test
  void emptyEnvHasNoDefines() {
    assertThat(LbcEnv.defines("")).isEmpty();
    assertThat(LbcEnv.defines("   ")).isEmpty();
  }

  @Test
  void definesInEveryFormCoolbpfUsersWriteThemAreTaken() {
    assertThat(LbcEnv.defines("-DDEBUG -DMAX_ENTRIES=1024  -D TARGET_PID=42"))
        .containsExactly(new Define("DEBUG", null), new Define("MAX_ENTRIES", "1024"), new Define("TARGET_PID", "42"));
  }

  @Test
  void anyOtherFlagIsRefusedByName() {
    assertThatThrownBy(() -> LbcEnv.defines("-DOK -O0"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'-O0'").hasMessageContaining("-DNAME");
    assertThatThrownBy(() -> LbcEnv.defines("-I/etc")).hasMessageContaining("'-I/etc'");
    assertThatThrownBy(() -> LbcEnv.defines("-D")).hasMessageContaining("'-D'");
  }

  @Test
  void aDefineGoesThroughTheSameValidationAsTheDefineField() {
    assertThatThrownBy(() -> LbcEnv.defines("-D1BAD")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("C identifier");
    assertThatThrownBy(() -> LbcEnv.defines("-DX=$(id)")).isInstanceOf(InvalidRequestException.class);
  }
}
