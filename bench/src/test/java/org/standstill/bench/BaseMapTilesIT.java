package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base-map tiles query-service serves from the MBTiles file of STANDSTILL_MAP_TILES ({@link TestBaseMap}), over
 * real HTTP with no token: a tile is a PNG, cached an hour and revalidated by its ETag; a z/x/y off the grid is an RFC
 * 9457 problem naming each bad part; a tile the file does not hold is a 404 problem.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaseMapTilesIT {

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    Platform platform;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(Platform platform) {
        this.platform = platform;
    }

    /** The tile of the zones' middle at zoom 12, which the file holds. */
    static String heldTile() {
        int z = 12;
        return z + "/" + TestBaseMap.column(-93.26, z) + "/" + TestBaseMap.row(44.97, z);
    }

    @Nested
    class ATileTheFileHolds {

        @Test
        void isAPng_forAnyone_cachedAnHour_withAnETag() throws Exception {
            HttpResponse<byte[]> tile = get("/api/tiles/" + heldTile(), null);
            assertThat(tile.statusCode()).isEqualTo(200);
            assertThat(tile.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(Arrays.copyOf(tile.body(), 8)).isEqualTo(PNG_SIGNATURE);
            assertThat(tile.headers().firstValue("Cache-Control")).hasValueSatisfying(
                    value -> assertThat(value).contains("max-age=3600").contains("public").doesNotContain("no-store"));
            assertThat(tile.headers().firstValue("ETag")).isPresent();
        }

        @Test
        void isA304_whenTheBrowserHoldsItAlready() throws Exception {
            String etag = get("/api/tiles/" + heldTile(), null).headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> again = get("/api/tiles/" + heldTile(), etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
    }

    @Nested
    class AnAddressOffTheGrid {

        @Test
        void isA400Problem_namingTheZoom_whenTooDeep() throws Exception {
            JsonNode problem = problem("/api/tiles/25/0/0", 400);
            assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()).toList())
                    .containsExactly("z");
            assertThat(problem.path("errors").get(0).path("message").asString()).contains("from 0 to 24");
        }

        @Test
        void isA400Problem_namingTheColumnAndTheRow_whenBeyondTheirZoomLevel() throws Exception {
            JsonNode problem = problem("/api/tiles/3/8/9", 400);
            assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()).toList())
                    .containsExactly("x", "y");
            assertThat(problem.path("title").asString()).isEqualTo("Invalid input");
        }

        @Test
        void isA400Problem_namingWhatIsNoNumber() throws Exception {
            JsonNode problem = problem("/api/tiles/12/abc/-4", 400);
            assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()).toList())
                    .containsExactly("x", "y");
        }
    }

    @Test
    void aTileTheFileDoesNotHold_isA404Problem() throws Exception {
        JsonNode problem = problem("/api/tiles/14/0/0", 404); // the Pacific, far from the Twin Cities
        assertThat(problem.path("detail").asString()).contains("14/0/0");
    }

    @Test
    void theConfig_pointsThePagesAtThoseTiles_withTheirZoomLevelsAndBounds_andThePublicUrl() {
        JsonNode config = new Api(platform.queryUrl()).get("/api/config", null).body();
        assertThat(config.path("tileUrl").asString()).isEqualTo("/api/tiles/{z}/{x}/{y}");
        assertThat(config.path("tileAttribution").asString()).isEqualTo(TestBaseMap.ATTRIBUTION);
        assertThat(config.path("tileMinZoom").asInt()).isEqualTo(0);
        assertThat(config.path("tileMaxZoom").asInt()).isEqualTo(TestBaseMap.MAX_ZOOM);
        assertThat(config.path("tileBounds").valueStream().map(JsonNode::asDouble).toList())
                .containsExactly(TestBaseMap.BOUNDS[0], TestBaseMap.BOUNDS[1], TestBaseMap.BOUNDS[2], TestBaseMap.BOUNDS[3]);
        assertThat(config.path("publicUrl").asString()).isEqualTo("http://127.0.0.1:" + platform.queryUrl().getPort());
    }

    private JsonNode problem(String path, int status) throws Exception {
        HttpResponse<byte[]> answer = get(path, null);
        assertThat(answer.statusCode()).as(path).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Api.JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.queryUrl().resolve(URI.create(path)));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), BodyHandlers.ofByteArray());
    }
}
