package org.standstill.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Settings shared with the query service through the environment.
 *
 * @param tokenSecret HMAC secret that signs tokens ({@code STANDSTILL_TOKEN_SECRET}, at least 32 bytes)
 * @param adminToken  the ADMIN bearer token ({@code STANDSTILL_ADMIN_TOKEN})
 * @param tokenTtl    how long an issued token stays valid
 * @param allowedOrigins the pages' origins that may call this service from a browser, besides those on this
 *                    service's own host ({@code STANDSTILL_ALLOWED_ORIGINS}, comma-separated; e.g. a public URL
 *                    behind a proxy)
 */
@ConfigurationProperties("standstill")
public record StandstillProperties(String tokenSecret, String adminToken, Duration tokenTtl,
                                   java.util.List<String> allowedOrigins) {

    public StandstillProperties {
        if (tokenSecret == null || tokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("Set STANDSTILL_TOKEN_SECRET to a secret of at least 32 bytes");
        }
        if (adminToken == null || adminToken.length() < 16) {
            throw new IllegalStateException("Set STANDSTILL_ADMIN_TOKEN to a token of at least 16 characters");
        }
        if (tokenTtl == null) {
            tokenTtl = Duration.ofDays(30);
        }
        allowedOrigins = allowedOrigins == null ? java.util.List.of() : java.util.List.copyOf(allowedOrigins);
    }
}
