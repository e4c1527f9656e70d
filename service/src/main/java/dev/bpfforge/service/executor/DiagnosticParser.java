package dev.bpfforge.service.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses clang's {@code file:line:col: severity: message} lines (and driver errors). */
public final class DiagnosticParser {
  private static final Pattern LOCATED =
      Pattern.compile("^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note|remark): (.*)$");
  private static final Pattern DRIVER = Pattern.compile("^(?:clang|llvm-strip|bpftool)[\\w.-]*: (error|warning): (.*)$");

  private DiagnosticParser() {}

  /** Parses output whose paths have already been mapped back to the user's tree. */
  public static List<Diagnostic> parse(String output) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (String line : output.split("\n")) {
      Matcher located = LOCATED.matcher(line);
      if (located.matches()) {
        String file = located.group(1).startsWith("./") ? located.group(1).substring(2) : located.group(1);
        diagnostics.add(new Diagnostic(file, Integer.valueOf(located.group(2)), Integer.valueOf(located.group(3)),
            severity(located.group(4)), located.group(5)));
        continue;
      }
      Matcher driver = DRIVER.matcher(line);
      if (driver.matches()) {
        diagnostics.add(new Diagnostic(null, null, null, driver.group(1), driver.group(2)));
      }
    }
    return diagnostics;
  }

  private static String severity(String clang) {
    return clang.equals("fatal error") ? "error" : clang;
  }
}
