package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxPathsTest {
  private final SandboxPaths paths = new SandboxPaths(List.of(
      "/usr/include",
      "/usr/lib/llvm-14/lib/clang/14.0.6/include",
      "/usr/include/x86_64-linux-gnu"));

  @Test
  void sourcePathsBecomeTreeRelative() {
    assertThat(paths.toUser("/forge/src/bpf.c:3:5: error: x")).isEqualTo("bpf.c:3:5: error: x");
    assertThat(paths.toUser("In file included from /forge/src/inc/a.h:2:")).isEqualTo("In file included from inc/a.h:2:");
  }

  @Test
  void outputAndVmlinuxAndKernelPathsLoseTheirSandboxPrefix() {
    assertThat(paths.toUser("cannot open /forge/out/prog.o")).isEqualTo("cannot open prog.o");
    assertThat(paths.toUser("/forge/vmlinux/vmlinux.h:12:1: note: n")).isEqualTo("vmlinux.h:12:1: note: n");
    assertThat(paths.toUser("reading /forge/kernel/btf")).isEqualTo("reading btf");
  }

  @Test
  void longestSystemIncludeWins() {
    assertThat(paths.toUser("/usr/include/x86_64-linux-gnu/asm/types.h:1:1: error: e")).isEqualTo("asm/types.h:1:1: error: e");
    assertThat(paths.toUser("/usr/include/linux/bpf.h")).isEqualTo("linux/bpf.h");
  }

  @Test
  void longestSystemIncludeWinsWhateverTheConfiguredOrder() {
    SandboxPaths reversed = new SandboxPaths(List.of("/usr/include/x86_64-linux-gnu", "/usr/include"));
    SandboxPaths shortFirst = new SandboxPaths(List.of("/usr/include", "/usr/include/x86_64-linux-gnu"));

    assertThat(reversed.toUser("/usr/include/x86_64-linux-gnu/asm/x.h")).isEqualTo("asm/x.h");
    assertThat(shortFirst.toUser("/usr/include/x86_64-linux-gnu/asm/x.h")).isEqualTo("asm/x.h");
  }

  @Test
  void systemIncludeGivenWithTrailingSlashIsMappedToo() {
    assertThat(new SandboxPaths(List.of("/opt/libbpf/include/")).toUser("/opt/libbpf/include/bpf/bpf_helpers.h:5:1"))
        .isEqualTo("bpf/bpf_helpers.h:5:1");
  }

  @Test
  void everyOccurrenceOnEveryLineIsMapped() {
    String log = "In file included from /forge/src/bpf.c:1:\n"
        + "/usr/lib/llvm-14/lib/clang/14.0.6/include/stdint.h:3:1: note: in /forge/src/x.h";

    assertThat(paths.toUser(log)).isEqualTo("In file included from bpf.c:1:\nstdint.h:3:1: note: in x.h");
  }

  @Test
  void textWithoutSandboxPathsIsUnchanged() {
    assertThat(paths.toUser("bpf.c:1:1: error: plain /forge/srcx and /usr/includes")).isEqualTo("bpf.c:1:1: error: plain /forge/srcx and /usr/includes");
  }

  /** A tree may hold a vendored sysroot; its paths must reach the user intact, not be mapped twice. */
  @Test
  void userPathContainingASystemIncludeDirKeepsItsDirectories() {
    assertThat(paths.toUser("/forge/src/sysroot/usr/include/linux/types.h:1:1: error: e"))
        .isEqualTo("sysroot/usr/include/linux/types.h:1:1: error: e");
  }
}
