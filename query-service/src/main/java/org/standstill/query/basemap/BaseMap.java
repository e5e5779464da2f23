package org.standstill.query.basemap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.standstill.query.config.StandstillProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The base map under the zones and markers, as configured: tiles this service serves itself from a file the operator
 * prepared ({@code STANDSTILL_MAP_TILES}), else a tile server ({@code STANDSTILL_MAP_TILE_URL}, OpenStreetMap's by
 * default), else ({@code none}) no base map at all.
 */
@Component
public class BaseMap implements DisposableBean {

    /** OpenStreetMap's raster tiles, and the credit their licence asks for. */
    public static final String OPENSTREETMAP_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public static final String OPENSTREETMAP_ATTRIBUTION =
            "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";
    /** Where the maps find this service's own tiles. */
    static final String LOCAL_URL = "/api/tiles/{z}/{x}/{y}";
    /** The deepest zoom level a tile may be asked for. */
    static final int MAX_ZOOM = 24;
    private static final int OPENSTREETMAP_MAX_ZOOM = 19;
    private static final List<String> NONE = List.of("none", "off", "false");
    private static final Logger log = LoggerFactory.getLogger(BaseMap.class);

    private final TileSource local;
    private final String tileUrl;
    private final String attribution;
    private final Integer maxZoom;

    @Autowired
    public BaseMap(StandstillProperties properties) {
        this(properties.mapTiles() == null ? null : open(Path.of(properties.mapTiles())), properties.mapTileUrl(),
                properties.mapTileAttribution());
    }

    BaseMap(TileSource local, String configuredUrl, String configuredAttribution) {
        this.local = local;
        String url = configuredUrl == null ? "" : configuredUrl.strip();
        String credit = configuredAttribution == null || configuredAttribution.isBlank() ? null : configuredAttribution.strip();
        if (local != null) {
            tileUrl = LOCAL_URL;
            // Tiles are usually drawn from OpenStreetMap's data: credit it unless told otherwise.
            attribution = credit != null ? credit : local.attribution().orElse(OPENSTREETMAP_ATTRIBUTION);
            maxZoom = local.maxZoom();
            log.info("Base map: {} (zoom {} to {}), served at {}", local.description(), local.minZoom(), local.maxZoom(),
                    LOCAL_URL);
        } else if (NONE.contains(url.toLowerCase(Locale.ROOT))) {
            tileUrl = null;
            attribution = null;
            maxZoom = null;
            log.info("Base map: none (STANDSTILL_MAP_TILE_URL={}); the maps draw zones and markers on a plain background", url);
        } else if (url.isEmpty()) {
            tileUrl = OPENSTREETMAP_URL;
            attribution = credit != null ? credit : OPENSTREETMAP_ATTRIBUTION;
            maxZoom = OPENSTREETMAP_MAX_ZOOM;
            log.info("Base map: OpenStreetMap's tile server (set STANDSTILL_MAP_TILES for tiles served from here)");
        } else {
            tileUrl = url;
            attribution = credit;
            maxZoom = null;
            log.info("Base map: the tile server {}", url);
        }
    }

    /** An MBTiles file, or a folder of z/x/y tiles. */
    static TileSource open(Path path) {
        return Files.isDirectory(path) ? TileFolder.open(path) : MbTiles.open(path);
    }

    /** The tiles this service serves itself, if it does. */
    Optional<TileSource> local() {
        return Optional.ofNullable(local);
    }

    /**
     * What the pages need to draw the base map, for {@code GET /api/config}: {@code tileUrl} (a template with
     * {z}/{x}/{y}, relative to this service when it serves the tiles) and {@code tileAttribution}, and where known the
     * zoom levels the tiles exist for ({@code tileMinZoom}, {@code tileMaxZoom}) and the area they cover
     * ({@code tileBounds}: west, south, east, north). Empty when there is no base map.
     */
    public Map<String, Object> clientSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (tileUrl == null) {
            return settings;
        }
        settings.put("tileUrl", tileUrl);
        if (attribution != null) {
            settings.put("tileAttribution", attribution);
        }
        if (local != null) {
            settings.put("tileMinZoom", local.minZoom());
            local.bounds().ifPresent(bounds -> settings.put("tileBounds", bounds));
        }
        if (maxZoom != null) {
            settings.put("tileMaxZoom", maxZoom);
        }
        return settings;
    }

    @Override
    public void destroy() {
        if (local != null) {
            local.close();
        }
    }
}
