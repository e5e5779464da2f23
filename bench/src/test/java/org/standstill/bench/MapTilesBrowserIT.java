package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's base map in headless Chromium: drawn from the tile file query-service serves (STANDSTILL_MAP_TILES,
 * see {@link TestBaseMap}) on a desktop, a phone and in dark mode; a map whose tiles cannot be had says so; zone
 * outlines and names lie above the clusters, and no cluster hides a rally.
 */
class MapTilesBrowserIT extends BrowserTest {

    private static final Logger log = LoggerFactory.getLogger(MapTilesBrowserIT.class);
    static final double WAIT_MS = 15_000;
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Every tile image in the map's tile pane has loaded, and there are at least four. */
    static final String TILES_LOADED = "() => { const tiles = [...document.querySelectorAll('.leaflet-tile-pane img')];"
            + " return tiles.length >= 4 && tiles.every(t => t.complete) && !!document.querySelector('[data-testid=map][data-base-map=loaded]'); }";

    String day;

    @BeforeAll
    void start() {
        day = staff.openDay("base-map");
        staff.closure(day, "Karmel Mall", 44.9800, -93.2700, "CLOSED");
        staff.closure(day, "Midtown Global Market", 44.9480, -93.2600, "PARTIAL");
    }

    @Test
    void theDashboard_drawsItsBaseMapFromTheTileFileQueryServiceServes_withItsAttribution() {
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = laptop.newPage();
            List<Response> tileAnswers = new CopyOnWriteArrayList<>();
            page.onResponse(response -> {
                if (response.url().contains("/api/tiles/")) {
                    tileAnswers.add(response);
                }
            });
            signIn(page, day);
            page.waitForFunction(TILES_LOADED, null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));

            assertThat(tileAnswers).as("tile requests").isNotEmpty();
            for (Response answer : tileAnswers) {
                assertThat(answer.status()).as(answer.url()).isEqualTo(200);
                assertThat(answer.headerValue("content-type")).as(answer.url()).isEqualTo("image/png");
                assertThat(Arrays.copyOf(answer.body(), 8)).as(answer.url()).isEqualTo(PNG_SIGNATURE);
            }
            Locator tiles = page.locator("[data-testid=map] .leaflet-tile-pane img.leaflet-tile-loaded");
            assertThat(tiles.count()).isGreaterThanOrEqualTo(4);
            for (int i = 0; i < tiles.count(); i++) {
                assertThat((String) tiles.nth(i).evaluate("img => img.src")).startsWith(platform.queryUrl().resolve("/api/tiles/").toString());
                assertThat(tiles.nth(i).evaluate("img => img.naturalWidth")).isEqualTo(256);
            }
            assertThat(page.locator("[data-testid=map] .leaflet-control-attribution").textContent())
                    .contains(TestBaseMap.ATTRIBUTION);
            assertThat(page.locator("[data-testid=map-notice]").isHidden()).as("no notice while tiles load").isTrue();
            Chromium.screenshot(page, "dashboard-base-map");
        }
    }

    @Test
    void onAPhone_theBaseMapLoadsToo() {
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2))) {
            Page page = phone.newPage();
            signIn(page, day);
            page.waitForFunction(TILES_LOADED, null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=map-notice]").isHidden()).isTrue();
            Chromium.screenshot(page, "dashboard-base-map-phone");
        }
    }

    @Test
    void inDarkMode_zoneNamesStayLegibleOverTheBaseMap() {
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000)
                .setColorScheme(ColorScheme.DARK))) {
            Page page = laptop.newPage();
            signIn(page, day);
            page.waitForFunction(TILES_LOADED, null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            Locator label = page.locator(".leaflet-zoneLabels-pane .zone-label").first();
            label.waitFor();
            double contrast = ((Number) label.evaluate("""
                    el => {
                      const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
                      const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
                        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
                      const style = getComputedStyle(el);
                      const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
                      return (a + 0.05) / (b + 0.05);
                    }""")).doubleValue();
            assertThat(contrast).as("zone name against its label's background").isGreaterThanOrEqualTo(4.5);
            Chromium.screenshot(page, "dashboard-base-map-dark");
        }
    }

    @Test
    void whenNoTileLoads_theMapSaysSo_andStillShowsTheZonesAndMarkers() throws IOException {
        int nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + nobodyListens + "/{z}/{x}/{y}.png";
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = laptop.newPage();
            // The same config, with a tile URL that points nowhere (as on a day the tile server is out of reach).
            page.route("**/api/config", route -> {
                ObjectNode config = (ObjectNode) Api.JSON.readTree(route.fetch().body());
                config.put("tileUrl", nowhere);
                config.remove("tileBounds");
                route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/json")
                        .setBody(config.toString()));
            });
            signIn(page, day);
            Locator notice = page.locator("[data-testid=map-notice]");
            notice.waitFor(new Locator.WaitForOptions().setTimeout(WAIT_MS));
            assertThat(notice.textContent()).contains("base map did not load").contains("127.0.0.1:" + nobodyListens);
            assertThat(notice.getAttribute("role")).isEqualTo("status");
            assertThat(page.locator("[data-testid=map]").getAttribute("data-base-map")).isEqualTo("missing");
            assertThat(page.locator(".leaflet-tile-pane img.leaflet-tile-loaded").count()).isZero();
            page.waitForSelector("[data-testid=map-marker] >> nth=1");
            assertThat(page.locator(".leaflet-zoneOutlines-pane path.zone-outline").count()).isEqualTo(2);
            Chromium.screenshot(page, "dashboard-no-tiles");
        }
    }

    @Test
    void aRallyAmidClusteredPlaces_isNeverHiddenByTheirCluster_andZoneOutlinesAndNamesLieAboveTheClusters() {
        String crowded = staff.openDay("clustered");
        double lat = 44.9790;
        double lon = -93.2720;
        for (int i = 0; i < 12; i++) {
            staff.closure(crowded, "Shop " + i + " on Nicollet", lat + (i % 4 - 1.5) * 0.0004, lon + (i / 4 - 1) * 0.0004,
                    "CLOSED");
        }
        Api.Answer rally = staff.command.post("/api/days/" + crowded + "/reports", staff.coordinator, Map.of(
                "reportId", UUID.randomUUID().toString(), "kind", "HEADCOUNT",
                "observedAt", Instant.now().minusSeconds(60).toString(),
                "rally", Map.of("name", "Nicollet Mall rally", "location", Map.of("lat", lat, "lon", lon)),
                "headcount", 2000, "method", "DENSITY_ESTIMATE"));
        assertThat(rally.status()).as(rally.raw()).isEqualTo(201);
        staff.awaitQuery(crowded, rally.body().path("position").asLong());

        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = laptop.newPage();
            signIn(page, crowded);
            Locator rallyMarker = page.locator("[data-testid=map-marker][data-kind=HEADCOUNT]");
            rallyMarker.waitFor(new Locator.WaitForOptions().setTimeout(WAIT_MS));
            Locator cluster = page.locator("[data-testid=map-cluster]").first();
            cluster.waitFor(new Locator.WaitForOptions().setTimeout(WAIT_MS));
            StaffClient.sleep(500); // clusters and markers settle after the view fits the day

            BoundingBox r = rallyMarker.boundingBox();
            BoundingBox c = cluster.boundingBox();
            assertThat(r.x < c.x + c.width && c.x < r.x + r.width && r.y < c.y + c.height && c.y < r.y + r.height)
                    .as("the cluster lies on the rally (else this test shows nothing)").isTrue();
            Object onTop = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)?.closest('[data-kind=HEADCOUNT]')",
                    List.of(r.x + r.width / 2, r.y + r.height / 2));
            assertThat(onTop).as("the rally is on top of the cluster where they overlap").isEqualTo(true);

            Map<?, ?> zIndex = (Map<?, ?>) page.evaluate("() => Object.fromEntries(['marker', 'zoneOutlines', 'zoneLabels', 'rallies']"
                    + ".map(p => [p, Number(getComputedStyle(document.querySelector(`.leaflet-${p}-pane`)).zIndex)]))");
            assertThat(((Number) zIndex.get("zoneOutlines")).intValue()).isGreaterThan(((Number) zIndex.get("marker")).intValue());
            assertThat(((Number) zIndex.get("zoneLabels")).intValue()).isGreaterThan(((Number) zIndex.get("marker")).intValue());
            assertThat(((Number) zIndex.get("rallies")).intValue()).isGreaterThan(((Number) zIndex.get("zoneLabels")).intValue());
            assertThat(page.locator(".leaflet-zoneLabels-pane .zone-label").count()).isEqualTo(2);
            assertThat(page.locator(".leaflet-zoneOutlines-pane path.zone-outline").count()).isEqualTo(2);
            assertThat(page.locator(".leaflet-marker-pane [data-testid=map-cluster]").count()).isPositive();
            Chromium.screenshot(page, "dashboard-rally-above-cluster");
        }
    }

    /** Opens the dashboard of `dayId`, signs in as the coordinator, and waits until it shows the day's markers. */
    private void signIn(Page page, String dayId) {
        page.onPageError(error -> log.warn("page error: {}", error));
        page.navigate(platform.queryUrl().resolve("/?day=" + dayId).toString());
        page.fill("[data-testid=token-input]", staff.coordinator);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=connection-status][data-state=connected]",
                new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=map]:not([data-features='0'])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
    }
}
