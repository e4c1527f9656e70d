package dev.bpfforge.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings under {@code bpfforge.auth}.
 *
 * @param adminToken a token that is always valid as {@code admin} of {@code adminTenant}
 *     ({@code BPFFORGE_ADMIN_TOKEN}: automation, tests, compose); empty: the service creates one
 *     admin token on first start and writes it to {@code <data-dir>/admin-token}
 * @param adminTenant the tenant of that admin token
 */
@ConfigurationProperties("bpfforge.auth")
public record AuthProperties(@DefaultValue("") String adminToken, @DefaultValue("admin") String adminTenant) {}
