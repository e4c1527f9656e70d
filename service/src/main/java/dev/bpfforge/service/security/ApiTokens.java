package dev.bpfforge.service.security;

import dev.bpfforge.btf.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The token table, and the one question every request asks of it: whose is this secret? Only
 * hashes are stored; a secret exists in clear once, in the answer to its creation.
 */
@Component
public class ApiTokens {
  /** last_used_at is a hint for operators, not an audit log: one write per token per minute is enough. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Optional<Sha256> configuredAdmin;
  private final String adminTenant;

  ApiTokens(JdbcClient jdbc, Clock clock, AuthProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.configuredAdmin = Optional.of(properties.adminToken().strip()).filter(s -> !s.isEmpty()).map(TokenSecrets::hash);
    this.adminTenant = properties.adminTenant();
  }

  /** A stored token as listed: never its secret (which is not stored). */
  public record TokenInfo(UUID id, String tenant, Role role, String name, Instant createdAt, String createdBy,
      Instant lastUsedAt, Instant revokedAt) {}

  /** A new token with its secret: the only time the secret is seen. */
  public record Created(TokenInfo token, String secret) {}

  public Created create(String tenant, Role role, String name, String createdBy) {
    String secret = TokenSecrets.generate();
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql("""
            insert into api_tokens (id, tenant, role, name, token_sha256, created_at, created_by)
            values (:id, :tenant, :role, :name, :hash, :now, :by)
            """)
        .param("id", id).param("tenant", tenant).param("role", role.id()).param("name", name)
        .param("hash", TokenSecrets.hash(secret).hex()).param("now", Timestamp.from(now)).param("by", createdBy)
        .update();
    return new Created(new TokenInfo(id, tenant, role, name, now, createdBy, null, null), secret);
  }

  public List<TokenInfo> list() {
    return jdbc.sql("select * from api_tokens order by created_at, id").query(ApiTokens::info).list();
  }

  /** Revokes a token; false if there is none with that id. Revoking twice keeps the first time. */
  public boolean revoke(UUID id) {
    int found = jdbc.sql("update api_tokens set revoked_at = coalesce(revoked_at, :now) where id = :id")
        .param("now", Timestamp.from(clock.instant())).param("id", id).update();
    return found == 1;
  }

  public Optional<TokenInfo> find(UUID id) {
    return jdbc.sql("select * from api_tokens where id = :id").param("id", id).query(ApiTokens::info).optional();
  }

  /** Whether any admin token that still works is stored (the first start creates one if not). */
  public boolean hasActiveAdmin() {
    return jdbc.sql("select count(*) from api_tokens where role = 'admin' and revoked_at is null").query(Long.class).single() > 0;
  }

  /** The caller a bearer secret stands for; empty for an unknown or revoked one. */
  public Optional<Caller> authenticate(String secret) {
    Sha256 hash = TokenSecrets.hash(secret);
    // Constant-time: the configured secret is compared by its hash with MessageDigest.isEqual.
    if (configuredAdmin.isPresent() && MessageDigest.isEqual(bytes(configuredAdmin.get()), bytes(hash))) {
      return Optional.of(new Caller(adminTenant, Role.ADMIN, "configured-admin"));
    }
    // Looked up by hash: an attacker cannot steer which stored hash a probe is compared with,
    // so the index lookup leaks nothing about a secret.
    Optional<TokenInfo> token = jdbc.sql("select * from api_tokens where token_sha256 = :hash and revoked_at is null")
        .param("hash", hash.hex()).query(ApiTokens::info).optional();
    token.ifPresent(this::touch);
    return token.map(t -> new Caller(t.tenant(), t.role(), t.id().toString()));
  }

  private void touch(TokenInfo token) {
    Instant now = clock.instant();
    if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
      jdbc.sql("update api_tokens set last_used_at = :now where id = :id")
          .param("now", Timestamp.from(now)).param("id", token.id()).update();
    }
  }

  private static byte[] bytes(Sha256 hash) {
    return hash.hex().getBytes(StandardCharsets.US_ASCII);
  }

  private static TokenInfo info(ResultSet rs, int row) throws SQLException {
    return new TokenInfo(rs.getObject("id", UUID.class), rs.getString("tenant"), Role.parse(rs.getString("role")),
        rs.getString("name"), instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "last_used_at"),
        instant(rs, "revoked_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
