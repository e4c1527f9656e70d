package dev.bpfforge.service.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A rule that lets a request through without a token. None exists by default; a feature that
 * must stay anonymous (Coolbpf's remote-compile connector for loopback or allowed networks)
 * declares one as a bean, so the exception is explicit and in one place per feature.
 */
public interface AnonymousAccess {
  boolean permits(HttpServletRequest request);
}
