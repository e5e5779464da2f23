package org.standstill.query.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.basemap.BaseMap;
import org.standstill.query.config.StandstillProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the pages need to know before anything else: where the command service is, the public address, the base map. */
@RestController
class ClientConfigController {

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
