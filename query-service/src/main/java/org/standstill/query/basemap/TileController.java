package org.standstill.query.basemap;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.InvalidParameters;
import org.standstill.query.config.NotFound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The base map's tiles, when this service serves them ({@code STANDSTILL_MAP_TILES}): open to anyone (a map's tile
 * images carry no token), cached by browsers for an hour and revalidated by ETag after that.
 */
@RestController
class TileController {

    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    private final BaseMap baseMap;

    TileController(BaseMap baseMap) {
        this.baseMap = baseMap;
    }

    @GetMapping("/api/tiles/{z}/{x}/{y}")
    ResponseEntity<byte[]> tile(@PathVariable String z, @PathVariable String x, @PathVariable String y) {
        TileAddress address = TileAddress.parse(z, x, y);
        TileSource source = baseMap.local().orElseThrow(() -> new NotFound(
                "This service serves no base-map tiles (STANDSTILL_MAP_TILES is not set)"));
        Tile tile = source.tile(address.z(), address.x(), address.y()).orElseThrow(() -> new NotFound(
                "The base map has no tile " + address + " (it holds zoom levels " + source.minZoom() + " to "
                        + source.maxZoom() + ", maybe not this area)"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(tile.mediaType()))
                .cacheControl(CACHE)
                .eTag(DigestUtils.md5DigestAsHex(tile.data())) // a 304 when the browser holds these bytes
                .body(tile.data());
    }

    /** A tile's place on the web map grid: zoom 0 to {@link BaseMap#MAX_ZOOM}, column and row 0 to 2^z − 1. */
    record TileAddress(int z, int x, int y) {

        /** The address, or a 400 naming every bad part of it. */
        static TileAddress parse(String z, String x, String y) {
            List<InvalidParameters.Problem> problems = new ArrayList<>();
            Integer zoom = number("z", z, BaseMap.MAX_ZOOM, "", problems);
            if (zoom == null) {
                number("x", x, Integer.MAX_VALUE, "", problems);
                number("y", y, Integer.MAX_VALUE, "", problems);
                throw new InvalidParameters(problems);
            }
            int last = (1 << zoom) - 1;
            Integer column = number("x", x, last, " at zoom level " + zoom, problems);
            Integer row = number("y", y, last, " at zoom level " + zoom, problems);
            if (!problems.isEmpty()) {
                throw new InvalidParameters(problems);
            }
            return new TileAddress(zoom, column, row);
        }

        private static Integer number(String field, String text, int max, String where,
                                      List<InvalidParameters.Problem> problems) {
            int value;
            try {
                value = text.matches("\\d{1,9}") ? Integer.parseInt(text) : -1;
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 0) {
                problems.add(new InvalidParameters.Problem(field, "must be a whole number, 0 or more (it is " + abbreviate(text) + ")"));
                return null;
            }
            if (value > max) {
                problems.add(new InvalidParameters.Problem(field, "must be from 0 to " + max + where
                        + " (it is " + value + ")"));
                return null;
            }
            return value;
        }

        private static String abbreviate(String text) {
            return text.length() <= 20 ? text : text.substring(0, 20) + "…";
        }

        @Override
        public String toString() {
            return z + "/" + x + "/" + y;
        }
    }
}
