package dev.bpfforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argument handling and exit codes, through the same entry point the jar's main uses. */
class CommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return BpfForge.run(args, Map.of("XDG_CONFIG_HOME", "/nonexistent"), new PrintWriter(out), new PrintWriter(err), false);
  }

  @Test
  void helpListsTheCommandsAndDocumentsEveryExitCode() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString()).contains("compile", "kernels", "builds", "artifacts", "toolchains", "tokens",
        "0   ok", "1   the program did not compile", "2   usage", "3   the service is unreachable", "4   not found",
        "BPFFORGE_URL", "~/.config/bpfforge/config");
  }

  @Test
  void anUnknownCommandOrOptionIsExit2() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("compile", "--no-such-flag", "bpf.c")).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-flag");
  }

  @Test
  void compileWithoutAFileIsExit2() {
    assertThat(run("compile")).isEqualTo(2);
    assertThat(err.toString()).contains("FILE");
  }

  @Test
  void aProgramThatDoesNotExistIsExit2BeforeAnyRequest() {
    assertThat(run("--url", "http://127.0.0.1:9", "compile", "/nonexistent/bpf.c")).isEqualTo(2);
    assertThat(err.toString()).contains("bpfforge: cannot read", "/nonexistent/bpf.c");
  }

  @Test
  void anArtifactDigestThatIsNotSha256IsExit2() {
    assertThat(run("artifacts", "get", "abc", "-o", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("not a SHA-256");
  }

  @Test
  void aServiceNobodyListensForIsExit3WithTheUrlInTheMessage() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    assertThat(run("toolchains", "--url", "http://127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err.toString()).contains("cannot reach the BPF Forge service at http://127.0.0.1:" + port, "connection refused");
  }
}
