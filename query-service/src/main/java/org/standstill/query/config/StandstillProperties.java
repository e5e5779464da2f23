package org.standstill.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Settings shared with the command service through the environment.
 *
 * @param tokenSecret HMAC secret that verifies tokens ({@code STANDSTILL_TOKEN_SECRET}, at least 32 bytes)
 * @param adminToken  the ADMIN bearer token ({@code STANDSTILL_ADMIN_TOKEN})
 * @param commandUrl  where clients reach the command service ({@code STANDSTILL_COMMAND_URL})
 * @param mapTileUrl  the raster tile server of the maps' base map, e.g.
 *                    {@code https://tile.example.org/{z}/{x}/{y}.png} ({@code STANDSTILL_MAP_TILE_URL}); unset:
 *                    OpenStreetMap's; {@code none}: no base map, zones and markers on a plain background
 * @param mapTileAttribution the attribution the tiles ask for ({@code STANDSTILL_MAP_TILE_ATTRIBUTION})
 * @param mapTiles    base-map tiles this service serves itself, prepared beforehand: an MBTiles file or a folder of
 *                    {@code z/x/y.png} tiles ({@code STANDSTILL_MAP_TILES}); when set, the maps use them and not
 *                    {@code mapTileUrl}
 * @param publicUrl   the address phones and other computers reach this service at, e.g.
 *                    {@code http://192.168.1.20:8080} ({@code STANDSTILL_PUBLIC_URL}): the invite sheet's links and
 *                    QR codes use it; unset, they use the address the coordinator's browser used
 */
@ConfigurationProperties("standstill")
public record StandstillProperties(String tokenSecret, String adminToken, String commandUrl, String mapTileUrl,
                                   String mapTileAttribution, String mapTiles, String publicUrl) {

    public StandstillProperties {
        if (tokenSecret == null || tokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("Set STANDSTILL_TOKEN_SECRET to a secret of at least 32 bytes");
        }
        if (adminToken == null || adminToken.length() < 16) {
            throw new IllegalStateException("Set STANDSTILL_ADMIN_TOKEN to a token of at least 16 characters");
        }
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : checkedPublicUrl(publicUrl.strip());
        mapTiles = mapTiles == null || mapTiles.isBlank() ? null : mapTiles.strip();
    }

    /** An absolute http(s) address with no query or fragment, without a trailing slash. */
    private static String checkedPublicUrl(String url) {
        String problem = "Set STANDSTILL_PUBLIC_URL to the address phones reach this service at, such as "
                + "http://192.168.1.20:8080 (it is " + url + ")";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(problem, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw new IllegalStateException(problem);
        }
        return url.replaceAll("/+$", "");
    }
}
