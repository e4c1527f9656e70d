package dev.bpfforge.service.compile;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A relative path inside a user's source tree. Parsing is the security boundary for file names:
 * absolute paths, {@code ..}, empty or dot segments, NUL and control characters, and backslashes
 * never get past it, so a tree can always be written under a job directory without escaping it.
 */
public record SourcePath(String value) implements Comparable<SourcePath> {
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._+@=,-][A-Za-z0-9._+@=, -]*");
  public static final int MAX_LENGTH = 1024;

  public SourcePath {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
  }

  /** Parses a client-supplied path; {@code field} names where it came from in the error. */
  public static SourcePath parse(String raw, String field, int maxDepth) {
    if (raw == null || raw.isEmpty()) {
      throw new InvalidRequestException(field, "A file path in " + field + " is empty: name every file.");
    }
    String path = raw.startsWith("./") ? raw.substring(2) : raw;
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.length() > MAX_LENGTH) {
      throw new InvalidRequestException(field, "Path in " + field + " is longer than " + MAX_LENGTH + " characters.");
    }
    if (path.startsWith("/")) {
      throw new InvalidRequestException(field, "Path '" + printable(raw) + "' in " + field + " is absolute: use a path relative to the source tree.");
    }
    List<String> segments = List.of(path.split("/", -1));
    if (segments.size() > maxDepth) {
      throw new InvalidRequestException(field, "Path '" + printable(raw) + "' in " + field + " is deeper than " + maxDepth + " directories.");
    }
    for (String segment : segments) {
      if (segment.equals("..")) {
        throw new InvalidRequestException(field, "Path '" + printable(raw) + "' in " + field + " contains '..': paths must stay inside the source tree.");
      }
      if (segment.isEmpty() || segment.equals(".") || !SAFE_SEGMENT.matcher(segment).matches()) {
        throw new InvalidRequestException(field, "Path '" + printable(raw) + "' in " + field
            + " has an empty segment or characters outside letters, digits, space and ._+@=,- .");
      }
    }
    return new SourcePath(path);
  }

  /** The path as a client may see it again in an error: control and non-ASCII characters escaped. */
  static String printable(String raw) {
    StringBuilder out = new StringBuilder();
    raw.codePoints().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f || c > 0x7e) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append((char) c);
      }
    });
    return out.toString();
  }

  public String fileName() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? value : value.substring(slash + 1);
  }

  /** The directory holding this path, "" at the top of the tree. */
  public String parent() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? "" : value.substring(0, slash);
  }

  public boolean isCSource() {
    return value.endsWith(".c");
  }

  /** "execsnoop.bpf.c" -> "execsnoop": what artifacts are named after. */
  public String stem() {
    String name = fileName();
    for (String suffix : List.of(".bpf.c", ".c")) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  @Override
  public int compareTo(SourcePath other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
