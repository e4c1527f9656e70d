package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.service.api.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefineTest {

  @Test
  void nameAloneBecomesABareDefine() {
    Define define = Define.parse("DEBUG");
    assertThat(define.name()).isEqualTo("DEBUG");
    assertThat(define.value()).isNull();
    assertThat(define.toFlag()).isEqualTo("-DDEBUG");
  }

  @Test
  void nameEqualsValueKeepsTheValue() {
    Define define = Define.parse("MAX_ENTRIES=10240");
    assertThat(define.name()).isEqualTo("MAX_ENTRIES");
    assertThat(define.value()).isEqualTo("10240");
    assertThat(define.toFlag()).isEqualTo("-DMAX_ENTRIES=10240");
  }

  @Test
  void valueMayHoldCExpressionTokensAndFurtherEqualsSignsAreNot() {
    assertThat(Define.parse("MASK=(1<<3)|0x10").toFlag()).isEqualTo("-DMASK=(1<<3)|0x10");
    assertThat(Define.parse("_X=").toFlag()).isEqualTo("-D_X=");
    assertThatThrownBy(() -> Define.parse("X=a=b")).isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "=1", "1X", "X Y", "X-Y", "-fplugin=x", "-DX", "X\u0000", "é=1"})
  void nameThatIsNotACIdentifierIsRejected(String raw) {
    assertThatThrownBy(() -> Define.parse(raw))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("define"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X=a b", "X=$(id)", "X=`id`", "X=a;b", "X=a\nb", "X=a\tb", "X= -fplugin=/tmp/x.so", "X=a\\b", "X=${HOME}"})
  void valueWithWhitespaceOrShellCharactersIsRejected(String raw) {
    assertThatThrownBy(() -> Define.parse(raw))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("define"));
  }

  @Test
  void overlongNameOrValueIsRejected() {
    assertThat(Define.parse("N" + "x".repeat(127)).name()).hasSize(128);
    assertThatThrownBy(() -> Define.parse("N" + "x".repeat(128))).isInstanceOf(InvalidRequestException.class);
    assertThat(Define.parse("X=" + "1".repeat(256)).value()).hasSize(256);
    assertThatThrownBy(() -> Define.parse("X=" + "1".repeat(257))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void flagIsAlwaysOneArgumentStartingWithDashD() {
    for (String raw : new String[] {"A", "B=1", "C=\"s\"", "D=-1"}) {
      assertThat(Define.parse(raw).toFlag()).startsWith("-D" + raw.split("=")[0]).doesNotContain(" ");
    }
  }
}
