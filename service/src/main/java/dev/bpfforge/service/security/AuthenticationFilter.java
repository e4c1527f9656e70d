package dev.bpfforge.service.security;

import dev.bpfforge.service.api.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Every request but the public health probes carries {@code Authorization: Bearer <token>}:
 * authenticate it (401), check its role against {@link AccessPolicy} (403), take it from the
 * tenant's request rate (429), then attach the {@link Caller}. Runs before the body is read, so
 * an anonymous upload is refused without parsing it. Failures are thrown into Spring MVC's
 * exception resolvers, so they are the same problem+json as every other error.
 *
 * <p>A servlet filter rather than Spring Security: the whole policy is a role per path prefix and
 * one token lookup; Spring Security's sessions, CSRF, form login and filter chain would each have
 * to be switched off, and its error path (its own entry points) bypasses the problem+json advice.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AuthenticationFilter extends OncePerRequestFilter {
  private static final String BEARER = "bearer ";

  private final ApiTokens tokens;
  private final RequestRateLimiter rate;
  private final List<AnonymousAccess> anonymous;
  private final HandlerExceptionResolver errors;

  AuthenticationFilter(ApiTokens tokens, RequestRateLimiter rate, List<AnonymousAccess> anonymous,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
    this.tokens = tokens;
    this.rate = rate;
    this.anonymous = anonymous;
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // The servlet path is decoded and normalised (no "..", no ";params"), so it is what MVC maps.
    String path = request.getServletPath() + Optional.ofNullable(request.getPathInfo()).orElse("");
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (AccessPolicy.isPublic(method, path) || anonymous.stream().anyMatch(rule -> rule.permits(request))) {
      chain.doFilter(request, response);
      return;
    }
    try {
      Caller caller = authenticate(request);
      Role needed = AccessPolicy.required(method, path);
      if (!caller.role().includes(needed)) {
        throw new ForbiddenException(needed, "This token has role " + caller.role().id() + "; " + method + " " + path
            + " needs a token with the " + needed.id() + " role" + (needed == Role.ADMIN ? "; ask an operator for one." : "."));
      }
      rate.acquire(caller.tenant());
      request.setAttribute(Caller.ATTRIBUTE, caller);
    } catch (ApiException e) {
      errors.resolveException(request, response, null, e);
      return;
    }
    chain.doFilter(request, response);
  }

  private Caller authenticate(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || header.isBlank()) {
      throw new UnauthenticatedException("Send a token: Authorization: Bearer <token> (an admin creates tokens with POST /v1/tokens).");
    }
    if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new UnauthenticatedException("The Authorization header must be Bearer <token>.");
    }
    return tokens.authenticate(header.substring(BEARER.length()).strip())
        .orElseThrow(() -> new UnauthenticatedException("The token is unknown or revoked; ask an admin for a valid one."));
  }
}
