package dev.bpfforge.service.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the build id of a {@code /v1/builds/{id}...} request in the MDC while it is handled (a
 * submit adds its new id itself), and clears the build and job ids after every request, so a
 * pooled request thread never carries one build's id into the next request's lines.
 */
@Component
class BuildRequestLogFilter extends OncePerRequestFilter {
  private static final Pattern BUILD_PATH = Pattern.compile("^/v1/builds/([0-9a-fA-F-]{36})(/.*)?$");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher build = BUILD_PATH.matcher(request.getRequestURI());
    if (build.matches()) {
      MDC.put(LogContext.BUILD_ID, build.group(1).toLowerCase());
    }
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(LogContext.BUILD_ID);
      MDC.remove(LogContext.JOB_ID);
    }
  }
}
