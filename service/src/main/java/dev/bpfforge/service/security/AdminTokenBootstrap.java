package dev.bpfforge.service.security;

import dev.bpfforge.service.config.BpfForgeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The first start without {@code bpfforge.auth.admin-token}: nobody could create tokens, so the
 * service makes one admin token and writes its secret to {@code <data-dir>/admin-token}, readable
 * by the service's user only. The log says where it is, never what it is.
 */
@Component
class AdminTokenBootstrap {
  private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);
  static final String FILE = "admin-token";

  private final ApiTokens tokens;
  private final AuthProperties auth;
  private final Path dataDir;

  AdminTokenBootstrap(ApiTokens tokens, AuthProperties auth, BpfForgeProperties properties) {
    this.tokens = tokens;
    this.auth = auth;
    this.dataDir = properties.dataDir();
  }

  @EventListener(ApplicationReadyEvent.class)
  void createFirstAdminToken() {
    if (!auth.adminToken().isBlank() || tokens.hasActiveAdmin()) {
      return;
    }
    ApiTokens.Created created = tokens.create(auth.adminTenant(), Role.ADMIN, "first-start", "bpfforge");
    Path file = dataDir.resolve(FILE).toAbsolutePath();
    write(file, created.secret() + "\n");
    log.info("created the first admin token ({}); its secret is in {} (mode 0600): "
        + "send it as Authorization: Bearer <token>, and create other tokens with POST /v1/tokens", created.token().id(), file);
  }

  /** Written to a 0600 file first and moved into place, so the secret is never readable by others, even briefly. */
  private static void write(Path file, String secret) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, secret, StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the first admin token to " + file, e);
    }
  }
}
