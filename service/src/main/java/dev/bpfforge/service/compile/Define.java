package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A preprocessor definition {@code NAME} or {@code NAME=VALUE} from the {@code define} field. The
 * name is a C identifier; the value may not hold whitespace or quotes-breaking characters, so a
 * define can never smuggle a second compiler option.
 */
public record Define(String name, String value) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.+\\-*/%()<>|&^~!?:,\"']{0,256}");

  public static Define parse(String raw) {
    int eq = raw.indexOf('=');
    String name = eq < 0 ? raw : raw.substring(0, eq);
    String value = eq < 0 ? null : raw.substring(eq + 1);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidRequestException("define", "define '" + SourcePath.printable(raw) + "' must be NAME or NAME=VALUE with NAME a C identifier.");
    }
    if (value != null && !VALUE.matcher(value).matches()) {
      throw new InvalidRequestException("define", "define " + name + " has a value with whitespace or characters outside C tokens.");
    }
    return new Define(name, value);
  }

  /** The clang argument. */
  public String toFlag() {
    return value == null ? "-D" + name : "-D" + name + "=" + value;
  }
}
