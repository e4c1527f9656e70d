package dev.bpfforge.service.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticParserTest {

  @Test
  void locatedErrorGivesFileLineColumnAndMessage() {
    assertThat(DiagnosticParser.parse("bpf.c:3:5: error: use of undeclared identifier 'x'"))
        .containsExactly(new Diagnostic("bpf.c", 3, 5, "error", "use of undeclared identifier 'x'"));
  }

  @Test
  void dotSlashIsDroppedFromTheFileAndTheWarningFlagStaysInTheMessage() {
    assertThat(DiagnosticParser.parse("./x.h:1:2: warning: unused variable 'y' [-Wunused-variable]"))
        .containsExactly(new Diagnostic("x.h", 1, 2, "warning", "unused variable 'y' [-Wunused-variable]"));
  }

  @Test
  void fatalErrorIsReportedAsError() {
    assertThat(DiagnosticParser.parse("bpf.c:1:10: fatal error: 'vmlinux.h' file not found"))
        .containsExactly(new Diagnostic("bpf.c", 1, 10, "error", "'vmlinux.h' file not found"));
  }

  @Test
  void noteAndRemarkKeepTheirSeverity() {
    assertThat(DiagnosticParser.parse("inc/a.h:7:1: note: previous definition is here\nbpf.c:2:3: remark: r"))
        .extracting(Diagnostic::file, Diagnostic::severity)
        .containsExactly(tuple("inc/a.h", "note"), tuple("bpf.c", "remark"));
  }

  @Test
  void driverErrorHasNoFile() {
    assertThat(DiagnosticParser.parse("clang: error: no input files"))
        .containsExactly(new Diagnostic(null, null, null, "error", "no input files"));
    assertThat(DiagnosticParser.parse("clang-14: warning: argument unused during compilation: '-g'"))
        .containsExactly(new Diagnostic(null, null, null, "warning", "argument unused during compilation: '-g'"));
  }

  @Test
  void caretSourceAndIncludeChainLinesAreIgnored() {
    String output = String.join("\n",
        "In file included from bpf.c:4:",
        "In file included from inc/a.h:2:",
        "inc/b.h:3:9: error: unknown type name 'u99'",
        "        u99 field;",
        "        ^",
        "    3 |         u99 field;",
        "      |         ^~~",
        "1 error generated.",
        "");

    List<Diagnostic> diagnostics = DiagnosticParser.parse(output);

    assertThat(diagnostics).containsExactly(new Diagnostic("inc/b.h", 3, 9, "error", "unknown type name 'u99'"));
  }

  @Test
  void messageMayItselfContainColonsAndSeverityWords() {
    assertThat(DiagnosticParser.parse("bpf.c:10:2: error: expected ';' after expression: note: error: x"))
        .containsExactly(new Diagnostic("bpf.c", 10, 2, "error", "expected ';' after expression: note: error: x"));
  }

  @Test
  void diagnosticsKeepTheirOrder() {
    String output = "a.h:1:1: warning: w1\nbpf.c:2:2: error: e1\nclang: error: e2\n";

    assertThat(DiagnosticParser.parse(output)).extracting(Diagnostic::message).containsExactly("w1", "e1", "e2");
  }

  @Test
  void outputWithoutDiagnosticsGivesNone() {
    assertThat(DiagnosticParser.parse("")).isEmpty();
    assertThat(DiagnosticParser.parse("just some text\nerror without location\n")).isEmpty();
  }
}
