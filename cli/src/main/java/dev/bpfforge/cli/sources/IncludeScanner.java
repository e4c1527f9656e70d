package dev.bpfforge.cli.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code #include} lines of a C file as the preprocessor's first phases see them: lines
 * joined at backslash-newline, comments removed (outside string and character literals). Lines
 * inside {@code #if} blocks count too: which branch the compiler takes depends on the target, so
 * every header any branch may need is sent. Computed includes ({@code #include MACRO}) are left
 * out; the server reports them if they matter.
 */
public final class IncludeScanner {
  private static final Pattern INCLUDE =
      Pattern.compile("^[ \\t]*#[ \\t]*include(?:_next)?[ \\t]*(?:\"([^\"\\n]+)\"|<([^>\\n]+)>)");

  private IncludeScanner() {}

  public static List<IncludeDirective> scan(String source) {
    List<IncludeDirective> found = new ArrayList<>();
    for (String line : withoutComments(spliceLines(source)).split("\n", -1)) {
      Matcher m = INCLUDE.matcher(line);
      if (m.find()) {
        found.add(m.group(1) != null ? new IncludeDirective(m.group(1), false) : new IncludeDirective(m.group(2), true));
      }
    }
    return found;
  }

  /** Translation phase 2: a backslash at the end of a line joins it to the next. */
  static String spliceLines(String source) {
    return source.replace("\r\n", "\n").replaceAll("\\\\[ \\t]*\n", "");
  }

  /**
   * Replaces each comment by a space (a block comment keeps its newlines, so line numbers stay).
   * A quote opens a literal that a newline closes: an apostrophe in {@code #error don't} must not
   * swallow the rest of the file.
   */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : '\0';
      if (c == '/' && next == '*') {
        int end = source.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        out.append(' ');
        source.substring(i, stop).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        i = stop;
      } else if (c == '/' && next == '/') {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
        out.append(' ');
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' && j + 1 < n ? 2 : 1;
        }
        int stop = j < n && source.charAt(j) == c ? j + 1 : j;
        out.append(source, i, stop);
        i = stop;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
