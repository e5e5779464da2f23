package org.standstill.query.basemap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What GET /api/config tells the pages about the base map ({@link BaseMap#clientSettings()}). */
class BaseMapTest {

    @TempDir
    Path temp;

    @Test
    void isOpenStreetMapsTiles_withTheirAttribution_whenNothingIsConfigured() {
        BaseMap baseMap = new BaseMap(null, null, null);
        assertThat(baseMap.clientSettings()).containsEntry("tileUrl", BaseMap.OPENSTREETMAP_URL)
                .containsEntry("tileAttribution", BaseMap.OPENSTREETMAP_ATTRIBUTION)
                .containsEntry("tileMaxZoom", 19);
        assertThat(baseMap.local()).isEmpty();
    }

    @Test
    void isTheConfiguredTileServer_withTheConfiguredAttribution() {
        BaseMap baseMap = new BaseMap(null, " https://tiles.example.org/{z}/{x}/{y}.png ", "© Example");
        assertThat(baseMap.clientSettings()).containsExactly(Map.entry("tileUrl", "https://tiles.example.org/{z}/{x}/{y}.png"),
                Map.entry("tileAttribution", "© Example"));
    }

    @Test
    void isNothing_whenTheTileUrlIsNone() {
        assertThat(new BaseMap(null, "none", null).clientSettings()).isEmpty();
        assertThat(new BaseMap(null, "OFF", null).clientSettings()).isEmpty();
    }

    @Test
    void isThisServicesOwnTiles_whenATileFileIsConfigured_evenWithATileUrl() throws Exception {
        Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"),
                Map.of("attribution", "Tiles © Twin Cities mappers", "bounds", "-93.4,44.8,-93.0,45.1"),
                Map.of("10/246/664", TestTiles.png(Color.RED), "15/7893/21256", TestTiles.png(Color.RED)));
        BaseMap baseMap = new BaseMap(MbTiles.open(file), "https://tiles.example.org/{z}/{x}/{y}.png", null);
        try {
            assertThat(baseMap.clientSettings())
                    .containsEntry("tileUrl", "/api/tiles/{z}/{x}/{y}")
                    .containsEntry("tileAttribution", "Tiles © Twin Cities mappers")
                    .containsEntry("tileMinZoom", 10)
                    .containsEntry("tileMaxZoom", 15);
            assertThat((double[]) baseMap.clientSettings().get("tileBounds")).containsExactly(-93.4, 44.8, -93.0, 45.1);
        } finally {
            baseMap.destroy();
        }
    }

    @Test
    void creditsOpenStreetMap_forLocalTilesThatNameNoAttribution_unlessOneIsConfigured() throws Exception {
        Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"), Map.of(), Map.of("0/0/0", TestTiles.png(Color.RED)));
        BaseMap unnamed = new BaseMap(MbTiles.open(file), null, null);
        BaseMap named = new BaseMap(MbTiles.open(file), null, "Our own survey");
        try {
            assertThat(unnamed.clientSettings()).containsEntry("tileAttribution", BaseMap.OPENSTREETMAP_ATTRIBUTION);
            assertThat(named.clientSettings()).containsEntry("tileAttribution", "Our own survey");
        } finally {
            unnamed.destroy();
            named.destroy();
        }
    }
}
