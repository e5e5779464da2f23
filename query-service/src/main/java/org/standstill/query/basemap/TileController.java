package org.standstill.query.basemap;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Base map", description = "The base map's tiles this service serves itself (STANDSTILL_MAP_TILES)")
class TileController {

    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    private final BaseMap baseMap;

    TileController(BaseMap baseMap) {
        this.baseMap = baseMap;
    }

    @GetMapping("/api/tiles/{z}/{x}/{y}")
    @Operation(operationId = "getTile", summary = "Read a base-map tile",
            description = "Anyone, without a token, and no rate limit: a raster tile of the web map grid, as stored "
                    + "(PNG, JPEG or WebP), cached an hour; a tile the browser holds is a 304 by its ETag.")
    @ApiResponse(responseCode = "200", description = "The tile", headers = @Header(name = "ETag",
            description = "The tile's digest", schema = @Schema(type = "string")), content = {
            @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/webp", schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "304", description = "Not modified: the browser holds this tile (If-None-Match)")
    @ApiResponse(responseCode = "400", description = "A z/x/y off the grid; `errors` names each bad part")
    @ApiResponse(responseCode = "404", description = "The base map has no such tile, or this service serves no "
            + "tiles (STANDSTILL_MAP_TILES is not set)")
    ResponseEntity<byte[]> tile(@Parameter(description = "Zoom level, 0 to the base map's highest",
            schema = @Schema(type = "integer", minimum = "0", example = "12")) @PathVariable String z,
                                @Parameter(description = "Column, 0 to 2^z − 1",
            schema = @Schema(type = "integer", minimum = "0", example = "987")) @PathVariable String x,
                                @Parameter(description = "Row, 0 to 2^z − 1",
            schema = @Schema(type = "integer", minimum = "0", example = "1471")) @PathVariable String y) {
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
