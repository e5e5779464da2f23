package org.standstill.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.charset.StandardCharsets;

/**
 * Settings shared with the command service through the environment.
 *
 * @param tokenSecret HMAC secret that verifies tokens ({@code STANDSTILL_TOKEN_SECRET}, at least 32 bytes)
 * @param adminToken  the ADMIN bearer token ({@code STANDSTILL_ADMIN_TOKEN})
 * @param commandUrl  where clients reach the command service ({@code STANDSTILL_COMMAND_URL})
 * @param mapTileUrl  an optional tile server for the dashboard's map, e.g.
 *                    {@code https://tile.example.org/{z}/{x}/{y}.png} ({@code STANDSTILL_MAP_TILE_URL});
 *                    without one the map draws zones and markers on a plain background
 * @param mapTileAttribution the attribution the tile server asks for ({@code STANDSTILL_MAP_TILE_ATTRIBUTION})
 */
@ConfigurationProperties("standstill")
public record StandstillProperties(String tokenSecret, String adminToken, String commandUrl, String mapTileUrl,
                                   String mapTileAttribution) {

    public StandstillProperties {
        if (tokenSecret == null || tokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("Set STANDSTILL_TOKEN_SECRET to a secret of at least 32 bytes");
        }
        if (adminToken == null || adminToken.length() < 16) {
            throw new IllegalStateException("Set STANDSTILL_ADMIN_TOKEN to a token of at least 16 characters");
        }
    }
}
