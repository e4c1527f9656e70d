package dev.bpfforge.btf;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release as {@code uname -r} prints it, e.g. {@code 6.1.0-50-amd64} or
 * {@code 4.18.0-425.3.1.el8.x86_64}. It is used in storage keys and URLs, so its characters are
 * restricted and it can never name a parent directory.
 *
 * @param value the release string, validated
 */
public record KernelRelease(String value) {

  /** Longest accepted release; {@code uname -r} itself allows 64 bytes. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._+~-]+");
  // Version numbers are capped at 9 digits so they always fit an int.
  private static final Pattern VERSION = Pattern.compile("^(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?(?!\\d)");
  private static final Comparator<KernelRelease> BY_VERSION = Comparator
      .comparingInt(KernelRelease::major)
      .thenComparingInt(KernelRelease::minor)
      .thenComparingInt(KernelRelease::patch);

  public KernelRelease {
    if (value == null || value.isEmpty()) {
      throw new InvalidIdentifierException("kernel release is empty: expected e.g. 6.1.0-50-amd64");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidIdentifierException("kernel release is " + value.length()
          + " characters long, at most " + MAX_LENGTH + " allowed");
    }
    if (!ALLOWED.matcher(value).matches()) {
      throw new InvalidIdentifierException("kernel release '" + Untrusted.echo(value)
          + "' contains characters other than letters, digits and . _ + ~ -");
    }
    if (value.contains("..")) {
      throw new InvalidIdentifierException("kernel release '" + value + "' must not contain '..'");
    }
    if (!VERSION.matcher(value).find()) {
      throw new InvalidIdentifierException("kernel release '" + value
          + "' must start with MAJOR.MINOR, e.g. 6.1.0-50-amd64");
    }
  }

  /** Parses a release string; same as the constructor. */
  public static KernelRelease parse(String value) {
    return new KernelRelease(value);
  }

  public int major() {
    return versionPart(1);
  }

  public int minor() {
    return versionPart(2);
  }

  /** The third version number, or 0 if the release has only MAJOR.MINOR. */
  public int patch() {
    return versionPart(3);
  }

  /**
   * Compares MAJOR.MINOR.PATCH only: {@code 6.1.0-50-amd64} and {@code 6.1.0-50-arm64} compare
   * equal. Not consistent with {@link #equals}, which is why this is not {@code Comparable}.
   */
  public int compareVersion(KernelRelease other) {
    return BY_VERSION.compare(this, other);
  }

  /** Whether this kernel's version is MAJOR.MINOR or later, e.g. {@code isAtLeast(5, 17)}. */
  public boolean isAtLeast(int major, int minor) {
    return major() != major ? major() > major : minor() >= minor;
  }

  private int versionPart(int group) {
    Matcher m = VERSION.matcher(value);
    m.find(); // cannot fail: the constructor checked it
    String digits = m.group(group);
    return digits == null ? 0 : Integer.parseInt(digits);
  }

  @Override
  public String toString() {
    return value;
  }
}
