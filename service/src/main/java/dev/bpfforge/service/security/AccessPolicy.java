package dev.bpfforge.service.security;

import java.util.List;
import java.util.Set;

/**
 * Which role each request needs, decided from its method and path alone. Deny by default: a
 * path this class does not name needs a {@code user} token, so endpoints added later are never
 * open by accident; only the health probes are public. Rules that depend on the body (a kernel
 * upload with {@code replace=true} needs {@code admin}) are checked where the body is read.
 */
final class AccessPolicy {
  /** What a {@code read} token (a fleet fetching what was built) may GET. */
  private static final List<String> READABLE = List.of(
      "/v1/artifacts/", "/v1/builds", "/v1/bundles", "/v1/releases/", "/v1/kernels", "/v1/toolchains");
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

  private AccessPolicy() {}

  /** Health probes answer load balancers and orchestrators, which hold no token. */
  static boolean isPublic(String method, String path) {
    return READ_METHODS.contains(method) && (path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
  }

  /** The least role that may make this request. */
  static Role required(String method, String path) {
    if (path.equals("/v1/tokens") || path.startsWith("/v1/tokens/") || path.startsWith("/actuator/")) {
      return Role.ADMIN;
    }
    if (method.equals("DELETE") && under(path, "/v1/kernels")) {
      return Role.ADMIN;
    }
    if (READ_METHODS.contains(method) && READABLE.stream().anyMatch(prefix -> under(path, prefix))) {
      return Role.READ;
    }
    return Role.USER;
  }

  private static boolean under(String path, String prefix) {
    if (prefix.endsWith("/")) {
      return path.startsWith(prefix);
    }
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
