package org.standstill.query.basemap;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tiles the operator prepared: an MBTiles file ({@link MbTiles}) or a folder of z/x/y files ({@link TileFolder}). */
class TileSourcesTest {

    static final byte[] RED = TestTiles.png(Color.RED);
    static final byte[] BLUE = TestTiles.png(Color.BLUE);

    @TempDir
    Path temp;

    @Nested
    class AnMbTilesFile {

        @Test
        void answersTheTileOfAnXyzAddress_fromItsTmsRow_countedFromTheSouth() throws Exception {
            // zoom 2 has rows 0..3: XYZ row 0 (north) is TMS row 3.
            Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"), Map.of("format", "png"),
                    Map.of("2/1/3", RED, "2/1/0", BLUE));
            try (MbTiles tiles = MbTiles.open(file)) {
                assertThat(tiles.tile(2, 1, 0)).hasValueSatisfying(tile -> {
                    assertThat(tile.data()).isEqualTo(RED);
                    assertThat(tile.mediaType()).isEqualTo("image/png");
                });
                assertThat(tiles.tile(2, 1, 3)).hasValueSatisfying(tile -> assertThat(tile.data()).isEqualTo(BLUE));
            }
        }

        @Test
        void answersNothing_whereItHasNoTile() throws Exception {
            Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"), Map.of(), Map.of("2/1/3", RED));
            try (MbTiles tiles = MbTiles.open(file)) {
                assertThat(tiles.tile(2, 2, 2)).isEmpty();
                assertThat(tiles.tile(5, 1, 0)).isEmpty();
            }
        }

        @Test
        void tellsItsZoomLevelsFromItsTiles_andItsAttributionAndBoundsFromItsMetadata() throws Exception {
            Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"),
                    Map.of("attribution", "© OpenStreetMap contributors", "bounds", "-93.4,44.8,-93.0,45.1",
                            "minzoom", "0", "maxzoom", "22"),
                    Map.of("10/246/664", RED, "14/3946/10628", BLUE));
            try (MbTiles tiles = MbTiles.open(file)) {
                assertThat(tiles.minZoom()).isEqualTo(10);
                assertThat(tiles.maxZoom()).isEqualTo(14);
                assertThat(tiles.attribution()).hasValue("© OpenStreetMap contributors");
                assertThat(tiles.bounds()).hasValueSatisfying(b -> assertThat(b).containsExactly(-93.4, 44.8, -93.0, 45.1));
            }
        }

        @Test
        void hasNoBounds_whenItsMetadataBoundsAreMalformed() throws Exception {
            Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"), Map.of("bounds", "west,south"),
                    Map.of("0/0/0", RED));
            try (MbTiles tiles = MbTiles.open(file)) {
                assertThat(tiles.bounds()).isEmpty();
            }
        }

        @Test
        void isRefused_whenItHoldsVectorTiles() throws Exception {
            Path file = TestTiles.mbtiles(temp.resolve("vector.mbtiles"), Map.of("format", "pbf"), Map.of("0/0/0", RED));
            assertThatThrownBy(() -> MbTiles.open(file)).hasMessageContaining("vector tiles").hasMessageContaining("raster");
        }

        @Test
        void isRefused_whenItHoldsNoTile() throws Exception {
            Path file = TestTiles.mbtiles(temp.resolve("empty.mbtiles"), Map.of(), Map.of());
            assertThatThrownBy(() -> MbTiles.open(file)).hasMessageContaining("holds no tiles");
        }

        @Test
        void isRefused_whenTheFileIsMissing_orIsNoMbTiles() throws Exception {
            assertThatThrownBy(() -> MbTiles.open(temp.resolve("missing.mbtiles")))
                    .hasMessageContaining("STANDSTILL_MAP_TILES").hasMessageContaining("missing.mbtiles");
            Path text = Files.writeString(temp.resolve("notes.mbtiles"), "not a database");
            assertThatThrownBy(() -> MbTiles.open(text)).hasMessageContaining("is not an MBTiles file");
        }
    }

    @Nested
    class AFolderOfTiles {

        @Test
        void answersTheFileAtZxy_withTheTypeOfItsBytes() throws Exception {
            Files.createDirectories(temp.resolve("12/988"));
            Files.write(temp.resolve("12/988/1473.png"), RED);
            Files.createDirectories(temp.resolve("13/1976"));
            Files.write(temp.resolve("13/1976/2946.png"), BLUE);
            TileFolder tiles = TileFolder.open(temp);
            assertThat(tiles.tile(12, 988, 1473)).hasValueSatisfying(tile -> {
                assertThat(tile.data()).isEqualTo(RED);
                assertThat(tile.mediaType()).isEqualTo("image/png");
            });
            assertThat(tiles.tile(12, 988, 1474)).isEmpty();
            assertThat(tiles.minZoom()).isEqualTo(12);
            assertThat(tiles.maxZoom()).isEqualTo(13);
        }

        @Test
        void answersNothing_forAFileThatIsNoImage() throws Exception {
            Files.createDirectories(temp.resolve("3/2"));
            Files.writeString(temp.resolve("3/2/1.png"), "<html>not a tile</html>");
            assertThat(TileFolder.open(temp).tile(3, 2, 1)).isEmpty();
        }

        @Test
        void isRefused_whenItHoldsNoZoomFolder() {
            assertThatThrownBy(() -> TileFolder.open(temp)).hasMessageContaining("holds no tiles");
        }
    }

    @Test
    void aPathToAFolder_opensAsAFolder_andAnyOtherAsAnMbTilesFile() throws Exception {
        Files.createDirectories(temp.resolve("tiles/0/0"));
        Files.write(temp.resolve("tiles/0/0/0.png"), RED);
        assertThat(BaseMap.open(temp.resolve("tiles"))).isInstanceOf(TileFolder.class);
        Path file = TestTiles.mbtiles(temp.resolve("city.mbtiles"), Map.of(), Map.of("0/0/0", RED));
        try (TileSource source = BaseMap.open(file)) {
            assertThat(source).isInstanceOf(MbTiles.class);
        }
    }
}
