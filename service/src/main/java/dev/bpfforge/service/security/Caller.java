package dev.bpfforge.service.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who sent a request: the tenant that owns what it creates, its role, and the token's id
 * (recorded as who uploaded a kernel). Controllers take it as a parameter.
 */
public record Caller(String tenant, Role role, String tokenId) {
  static final String ATTRIBUTE = Caller.class.getName();

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** "tenant/token id": what kernels.uploaded_by records. */
  public String subject() {
    return tenant + "/" + tokenId;
  }

  /** The caller the authentication filter attached, or null for the anonymous paths it lets through. */
  public static Caller of(HttpServletRequest request) {
    return (Caller) request.getAttribute(ATTRIBUTE);
  }
}
