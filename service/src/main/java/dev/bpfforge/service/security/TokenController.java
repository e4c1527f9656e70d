package dev.bpfforge.service.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bpfforge.service.api.InvalidRequestException;
import dev.bpfforge.service.api.MultipartForm;
import dev.bpfforge.service.api.NotFoundException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Token management (admin only, by {@link AccessPolicy}): create, list, revoke. */
@RestController
class TokenController {
  /** Tenant names appear in logs and kernels.uploaded_by: plain identifiers only. */
  static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._+@:~-]{0,127}");

  private final ApiTokens tokens;

  TokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** A token as listed; {@code token} (the secret) only in the answer to its creation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TokenView(String id, String tenant, String role, String name, Instant createdAt, String createdBy,
      Instant lastUsedAt, Instant revokedAt, String token) {
    static TokenView of(ApiTokens.TokenInfo t, String secret) {
      return new TokenView(t.id().toString(), t.tenant(), t.role().id(), t.name(), t.createdAt(), t.createdBy(),
          t.lastUsedAt(), t.revokedAt(), secret);
    }
  }

  @PostMapping(path = "/v1/tokens", consumes = "multipart/form-data")
  ResponseEntity<TokenView> create(MultipartHttpServletRequest request, Caller caller) {
    MultipartForm form = MultipartForm.of(request, Set.of("tenant", "role", "name"), Set.of());
    String tenant = form.required("tenant", "the tenant the token acts for (lower-case letters, digits, ._-).");
    if (!TENANT.matcher(tenant).matches()) {
      throw new InvalidRequestException("tenant", "tenant must be 1-64 lower-case letters, digits and ._- (starting with a letter or digit).");
    }
    Role role = form.single("role").filter(r -> !r.isEmpty()).map(Role::parse).orElse(Role.USER);
    String name = form.single("name").filter(n -> !n.isEmpty()).orElse(null);
    if (name != null && !NAME.matcher(name).matches()) {
      throw new InvalidRequestException("name", "name must be 1-128 letters, digits, spaces and ._+@:~- .");
    }
    ApiTokens.Created created = tokens.create(tenant, role, name, caller.subject());
    return ResponseEntity.created(URI.create("/v1/tokens/" + created.token().id()))
        .body(TokenView.of(created.token(), created.secret()));
  }

  @GetMapping("/v1/tokens")
  List<TokenView> list() {
    return tokens.list().stream().map(t -> TokenView.of(t, null)).toList();
  }

  /** 204; the token fails from the next request on. Revoking a revoked token again is a 204 too. */
  @DeleteMapping("/v1/tokens/{id}")
  ResponseEntity<Void> revoke(@PathVariable("id") String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("id", "Token id '" + id.replaceAll("[^\\w-]", "?") + "' is not a UUID.");
    }
    if (!tokens.revoke(uuid)) {
      throw new NotFoundException("token", "No token has id " + uuid + " (see GET /v1/tokens).");
    }
    return ResponseEntity.noContent().build();
  }
}
