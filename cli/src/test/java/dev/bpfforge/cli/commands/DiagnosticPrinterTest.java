package dev.bpfforge.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpfforge.cli.http.ForgeApi;
import dev.bpfforge.cli.sources.GatheredSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticPrinterTest {
  private static final Path ROOT = Path.of("/home/dev/prog");
  private static final GatheredSources SOURCES = new GatheredSources(ROOT, "src/prog.bpf.c",
      Map.of("src/prog.bpf.c", ROOT.resolve("src/prog.bpf.c"), "src/util.h", ROOT.resolve("src/util.h")), List.of());

  private static JsonNode json(String text) throws Exception {
    return ForgeApi.JSON.readTree(text);
  }

  @Test
  void diagnosticsPrintAsGccLinesInLocalPathsWithTheCompilersCaretLines() throws Exception {
    JsonNode diagnostics = json("""
        [{"file":"src/util.h","line":1,"column":36,"severity":"error","message":"expected ';' after return statement"},
         {"file":"src/prog.bpf.c","line":3,"column":29,"severity":"error","message":"use of undeclared identifier 'missing'"}]""");
    String log = """
        In file included from src/prog.bpf.c:2:
        src/util.h:1:36: error: expected ';' after return statement
            1 | static int helper(void) { return 1 }
              |                                    ^
              |                                    ;
        src/prog.bpf.c:3:29: error: use of undeclared identifier 'missing'
            3 | int f(void) { return missing; }
              |                      ^
        2 errors generated.
        """;

    List<String> lines = new DiagnosticPrinter(SOURCES).lines(diagnostics, log);

    assertThat(lines).containsExactly(
        "/home/dev/prog/src/util.h:1:36: error: expected ';' after return statement",
        "    1 | static int helper(void) { return 1 }",
        "      |                                    ^",
        "      |                                    ;",
        "/home/dev/prog/src/prog.bpf.c:3:29: error: use of undeclared identifier 'missing'",
        "    3 | int f(void) { return missing; }",
        "      |                      ^");
  }

  @Test
  void toolchainHeadersAndDriverMessagesKeepTheirOwnNames() throws Exception {
    JsonNode diagnostics = json("""
        [{"file":"bpf/bpf_helpers.h","line":10,"column":2,"severity":"warning","message":"w"},
         {"file":null,"line":null,"column":null,"severity":"error","message":"no such file"}]""");

    assertThat(new DiagnosticPrinter(SOURCES).lines(diagnostics, ""))
        .containsExactly("bpf/bpf_helpers.h:10:2: warning: w", "error: no such file");
  }
}
