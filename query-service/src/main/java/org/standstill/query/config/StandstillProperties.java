package org.standstill.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.charset.StandardCharsets;

/**
 * Settings shared with the command service through the environment.
 *
 * @param tokenSecret HMAC secret that verifies tokens ({@code STANDSTILL_TOKEN_SECRET}, at least 32 bytes)
 * @param adminToken  the ADMIN bearer token ({@code STANDSTILL_ADMIN_TOKEN})
 * @param commandUrl  where clients reach the command service ({@code STANDSTILL_COMMAND_URL})
 */
@ConfigurationProperties("standstill")
public record StandstillProperties(String tokenSecret, String adminToken, String commandUrl) {

    public StandstillProperties {
        if (tokenSecret == null || tokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("Set STANDSTILL_TOKEN_SECRET to a secret of at least 32 bytes");
        }
        if (adminToken == null || adminToken.length() < 16) {
            throw new IllegalStateException("Set STANDSTILL_ADMIN_TOKEN to a token of at least 16 characters");
        }
    }
}
