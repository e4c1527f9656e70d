package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line a tool runs under in a worker container, without running it. */
class SetprivSandboxTest {
  final SetprivSandbox sandbox = new SetprivSandbox(
      new Sandbox.Limits(Duration.ofSeconds(120), Duration.ofSeconds(90), 4L << 30, 64L << 20, 1 << 20), 10002, 10003, 128,
      Path.of("/var/lib/bpfforge"));

  List<String> argv(String workDir, List<Sandbox.Mount> mounts) {
    return sandbox.argv(new Sandbox.Invocation(List.of("clang", "-c", "x.c"), mounts, workDir, null, Path.of("/dev/null")));
  }

  @Test
  void limitsComeFirstThenTheUserSwitchThenAnEmptyEnvironment() {
    List<String> argv = argv(SandboxPaths.SRC, List.of(new Sandbox.Mount(Path.of("/j/src"), SandboxPaths.SRC, false)));

    assertThat(argv.subList(0, 7)).containsExactly("prlimit", "--as=" + (4L << 30), "--cpu=90", "--fsize=" + (64L << 20),
        "--nproc=128", "--core=0", "--");
    assertThat(argv.subList(7, 14)).containsExactly("setpriv", "--reuid=10002", "--regid=10003", "--clear-groups",
        "--inh-caps=-all", "--no-new-privs", "--");
    assertThat(argv.subList(14, 16)).containsExactly("env", "-i");
    assertThat(argv).contains("PATH=" + SetprivSandbox.PATH, "TMPDIR=" + SetprivSandbox.TMP, "HOME=" + SetprivSandbox.TMP);
    assertThat(argv.subList(argv.size() - 4, argv.size())).containsExactly(SandboxPaths.SRC, "clang", "-c", "x.c");
  }

  @Test
  void aWorkDirOutsideTheJobsMountsBecomesThePrivateTmp() {
    List<String> argv = argv("/tmp", List.of());

    assertThat(argv.get(argv.size() - 4)).isEqualTo(SetprivSandbox.TMP);
  }
}
