package dev.bpfforge.service.security;

import dev.bpfforge.service.api.InvalidRequestException;
import java.util.Locale;

/**
 * What a token may do. Ordered by power: {@code admin} may do all a {@code user} may, a
 * {@code user} all a {@code read} token may.
 */
public enum Role {
  /** Fetches only: artifacts, builds, kernels' BTF, toolchains (a fleet of target hosts). */
  READ,
  /** Compiles, reads its tenant's builds, adds kernels the catalog lacks. */
  USER,
  /** Also manages tokens and replaces or deletes kernels. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String raw) {
    for (Role role : values()) {
      if (role.id().equals(raw)) {
        return role;
      }
    }
    throw new InvalidRequestException("role", "role must be admin, user or read.");
  }
}
