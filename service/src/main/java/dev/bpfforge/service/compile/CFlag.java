package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One compiler flag from the repeatable {@code cflag} field, taken only from an allow-list:
 * optimisation levels, warnings and the C standard. Nothing that names a file, loads code or
 * passes options through to another tool (-Wa, -Wl, -Wp, -Xclang, -fplugin, @file, -include, -I,
 * -o, -M, -B, --...) can match, so a request cannot reach the host or change what the sandbox runs.
 * {@code -g} is always on (CO-RE needs BTF); a {@code -g} sent here is accepted and dropped.
 */
public record CFlag(String value) {
  private static final Set<String> FIXED = Set.of("-O1", "-O2", "-O3", "-Os", "-Werror", "-w",
      "-std=gnu11", "-std=gnu17", "-std=c11", "-std=c17", "-std=gnu99", "-std=c99");
  /** -W<name>, -Wno-<name>, -Werror=<name>, -Wno-error=<name>: lower-case words and dashes, no comma, no value. */
  private static final Pattern WARNING = Pattern.compile("-W(no-)?(error=)?[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final String ALLOWED = "-O1..-O3, -Os, -W<name>, -Wno-<name>, -Werror, -Werror=<name>, -w,"
      + " -std=gnu11|gnu17|c11|c17|gnu99|c99";

  /** The flag, or null for {@code -g} (always on already). */
  public static CFlag parse(String raw) {
    if (raw.equals("-g")) {
      return null;
    }
    if (FIXED.contains(raw) || WARNING.matcher(raw).matches() && !passesThrough(raw)) {
      return new CFlag(raw);
    }
    String hint = raw.startsWith("-g") ? " -g is always on (CO-RE needs BTF) and cannot be changed." : "";
    throw new InvalidRequestException("cflag", "cflag '" + SourcePath.printable(raw) + "' is not allowed; allowed are "
        + ALLOWED + ". Use the define, include, mcpu and strip fields for the rest." + hint);
  }

  /** -Wa/-Wl/-Wp take a comma (excluded by the pattern); reject their bare forms too, to be plain about it. */
  private static boolean passesThrough(String raw) {
    return raw.equals("-Wa") || raw.equals("-Wl") || raw.equals("-Wp");
  }
}
