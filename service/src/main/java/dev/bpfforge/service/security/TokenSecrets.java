package dev.bpfforge.service.security;

import dev.bpfforge.btf.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Token secrets: 256 random bits, and the SHA-256 the database keeps instead. A fast hash is
 * enough here (unlike for passwords): the secret has 256 bits of entropy, nothing to guess.
 */
final class TokenSecrets {
  /** Marks a string as a BPF Forge token (secret scanners and humans recognise it). */
  static final String PREFIX = "bpff_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Sha256 hash(String secret) {
    return Sha256.of(secret.getBytes(StandardCharsets.UTF_8));
  }
}
