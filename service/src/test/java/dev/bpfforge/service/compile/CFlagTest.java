package dev.bpfforge.service.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CFlagTest {
  @ParameterizedTest
  @ValueSource(strings = {"-O1", "-O2", "-O3", "-Os", "-Wall", "-Wextra", "-Wno-unused-variable", "-Werror",
      "-Werror=implicit-function-declaration", "-Wno-error=unused-but-set-variable", "-w", "-std=gnu11", "-std=c17"})
  void allowListedFlagsPassUnchanged(String flag) {
    assertThat(CFlag.parse(flag).value()).isEqualTo(flag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Wa,-a=/etc/passwd", "-Wl,-T,/etc/passwd", "-Wp,-include,/etc/passwd", "-Wa", "-Xclang",
      "-fplugin=/tmp/evil.so", "-fpass-plugin=/tmp/evil.so", "@/etc/passwd", "@args", "-include", "-include/etc/passwd",
      "-I/etc", "-isystem/etc", "-iquote/", "-idirafter/etc", "-o/tmp/x", "-MF/tmp/deps", "-MD", "-B/tmp", "--sysroot=/",
      "--config=/etc/x", "-O0", "-g0", "-gdwarf-4", "-fno-builtin", "-mllvm", "-D X", "-Wframe-larger-than=1",
      "-W", "-Wall -Wextra", "-std=gnu++17", "", "-Wcomma,", "-W\u0000"})
  void anythingElseIsA400NamingIt(String flag) {
    assertThatThrownBy(() -> CFlag.parse(flag))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is not allowed")
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("cflag"));
  }

  @Test
  void gIsAlwaysOnSoAnExplicitOneIsDropped() {
    assertThat(CompileRequestParser.cflags(List.of("-g", "-O3"))).containsExactly(new CFlag("-O3"));
    assertThatThrownBy(() -> CFlag.parse("-g0")).hasMessageContaining("-g is always on");
  }
}
