package org.standstill.query.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.basemap.BaseMap;
import org.standstill.query.config.StandstillProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the pages need to know before anything else: where the command service is, the public address, the base map. */
@RestController
@Tag(name = "Configuration", description = "What the pages need to know")
class ClientConfigController {

    /** What {@link #config} answers, as the OpenAPI document describes it (the answer itself is a map). */
    @Schema(name = "ClientConfig", description = "What the pages need to know; what is not set is left out")
    record ClientConfig(@Schema(description = "Where this browser reaches the command service",
                                example = "http://localhost:8081") String commandUrl,
                        @Schema(description = "The address phones use (STANDSTILL_PUBLIC_URL)",
                                example = "http://192.168.1.20:8080") String publicUrl,
                        @Schema(description = "The base map's tiles, with `{z}/{x}/{y}`",
                                example = "https://tile.openstreetmap.org/{z}/{x}/{y}.png") String tileUrl,
                        @Schema(description = "The credit the tiles ask for (HTML)",
                                example = "© OpenStreetMap contributors") String tileAttribution,
                        @Schema(description = "The lowest zoom level of tiles served here") Integer tileMinZoom,
                        @Schema(description = "The highest zoom level of the tiles") Integer tileMaxZoom,
                        @Schema(description = "The area tiles served here cover: [west, south, east, north]")
                        java.util.List<Double> tileBounds) {
    }

    private final StandstillProperties properties;
    private final BaseMap baseMap;

    ClientConfigController(StandstillProperties properties, BaseMap baseMap) {
        this.properties = properties;
        this.baseMap = baseMap;
    }

    /**
     * {@code commandUrl}; {@code publicUrl} when STANDSTILL_PUBLIC_URL is set (the address invite links carry); and the
     * base map's {@code tileUrl}, {@code tileAttribution} and, where known, {@code tileMinZoom}, {@code tileMaxZoom},
     * {@code tileBounds}.
     */
    @GetMapping("/api/config")
    @Operation(operationId = "getConfig", summary = "Read the pages' configuration",
            description = "Anyone, without a token, and no rate limit: where the command service is (as this "
                    + "browser reaches it), the address phones use, and the base map.")
    @ApiResponse(responseCode = "200", description = "The configuration",
            content = @Content(schema = @Schema(implementation = ClientConfig.class)))
    Map<String, Object> config(HttpServletRequest request) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("commandUrl", ClientAddresses.commandUrlFor(properties.commandUrl(), request.getServerName()));
        if (properties.publicUrl() != null) {
            config.put("publicUrl", properties.publicUrl());
        }
        config.putAll(baseMap.clientSettings());
        return config;
    }
}
