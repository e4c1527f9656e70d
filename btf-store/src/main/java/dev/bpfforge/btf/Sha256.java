package dev.bpfforge.btf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SHA-256 digest as 64 lowercase hex digits: the key of content-addressed artifacts and BTF.
 *
 * @param hex 64 lowercase hex digits
 */
public record Sha256(String hex) {

  private static final Pattern LOWER_HEX_64 = Pattern.compile("[0-9a-f]{64}");

  public Sha256 {
    if (hex == null || !LOWER_HEX_64.matcher(hex).matches()) {
      throw new InvalidIdentifierException(
          "invalid SHA-256 digest '" + (hex == null ? "" : Untrusted.echo(hex))
              + "': expected 64 lowercase hex digits");
    }
  }

  /** Digest of {@code data}. */
  public static Sha256 of(byte[] data) {
    return new Sha256(HexFormat.of().formatHex(digest().digest(data)));
  }

  /**
   * Parses a digest written in hex, in either case.
   *
   * @throws InvalidIdentifierException unless it is exactly 64 hex digits
   */
  public static Sha256 parse(String hex) {
    if (hex == null) {
      throw new InvalidIdentifierException("SHA-256 digest is missing: expected 64 hex digits");
    }
    return new Sha256(hex.toLowerCase(Locale.ROOT));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
