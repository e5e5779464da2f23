package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The national dashboard in headless Chromium against the real services: a campaign of three cities shows each on the
 * map of the country and in the table, a report in one city reaches the national figures and that city's row live,
 * the table sorts, and a city's link opens its own dashboard.
 */
class NationalDashboardBrowserIT extends BrowserTest {

    static final double WAIT_MS = 15_000;

    record City(String name, String timeZone, double lat, double lon) {
    }

    static final List<City> CITIES = List.of(new City("Minneapolis", "America/Chicago", 44.98, -93.27),
            new City("New York", "America/New_York", 40.75, -73.99),
            new City("Los Angeles", "America/Los_Angeles", 34.05, -118.25));

    @Test
    void aReportInOneCity_reachesTheNationalFiguresAndItsRowLive_andItsLinkOpensTheCitysDashboard() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String campaign = "mayday-" + suffix;
        Api.Answer created = staff.command.post("/api/campaigns", staff.coordinator,
                Map.of("id", campaign, "name", "May Day " + suffix));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Instant now = Instant.now();
        String[] days = new String[CITIES.size()];
        long last = 0;
        for (int i = 0; i < CITIES.size(); i++) {
            City city = CITIES.get(i);
            days[i] = "mayday-" + i + "-" + suffix;
            Api.Answer planned = staff.command.post("/api/days", staff.coordinator, Map.of("id", days[i],
                    "name", "May Day in " + city.name(), "city", city.name(), "timeZone", city.timeZone(),
                    "startsAt", now.minus(6, ChronoUnit.HOURS).toString(), "endsAt", now.plus(12, ChronoUnit.HOURS).toString(),
                    "location", Map.of("lat", city.lat(), "lon", city.lon()), "campaignId", campaign));
            assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
            Api.Answer opened = staff.command.post("/api/days/" + days[i] + "/opening", staff.coordinator, "");
            assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
            last = opened.body().path("position").asLong();
        }
        staff.awaitQuery(days[CITIES.size() - 1], last);
        staff.headcount(days[0], staff.coordinator, "Capitol rally", 44.955, -93.102, 2000, "COUNTED", Duration.ofMinutes(5));
        staff.closure(days[1], "Strand Book Store", 40.733, -73.991, "CLOSED");

        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = laptop.newPage();
            page.navigate(platform.queryUrl().resolve("/national.html?campaign=" + campaign).toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=connection-status][data-state=connected]", patiently());
            page.waitForSelector("[data-testid=national-crowd][data-value='2000']", patiently());
            page.waitForSelector("[data-testid=national-closed][data-value='1']", patiently());
            page.waitForFunction("() => document.querySelectorAll('[data-testid=city-marker]').length === 3",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            page.waitForFunction("() => document.querySelectorAll('[data-testid=city-row]').length === 3",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=campaign-name]").textContent()).isEqualTo("May Day " + suffix);
            page.waitForSelector("path.state-outline", patiently());
            StaffClient.sleep(300); // the SUBSCRIBE frame follows CONNECTED; let the broker register it

            // Live: a headcount in Los Angeles reaches the national figures and its row, with no reload.
            staff.headcount(days[2], staff.coordinator, "City Hall rally", 34.054, -118.243, 3000, "COUNTED",
                    Duration.ofMinutes(2));
            page.waitForSelector("[data-testid=national-crowd][data-value='5000']", patiently());
            page.waitForSelector("[data-testid=city-row][data-day='" + days[2] + "'] [data-testid=city-crowd][data-value='3000']",
                    patiently());
            page.waitForSelector("[data-testid=national-timeline-summary]:not(:empty)", patiently());
            Chromium.screenshot(page, "national");

            // Sorted by crowd: the largest first, then (clicked again) the smallest.
            page.click("[data-testid=cities] button[data-sort=crowd]");
            assertThat(page.locator("[data-testid=city-row]").first().getAttribute("data-day")).isEqualTo(days[2]);
            page.click("[data-testid=cities] button[data-sort=crowd]");
            assertThat(page.locator("[data-testid=city-row]").first().getAttribute("data-day")).isEqualTo(days[1]);

            // Through to the city's own dashboard.
            page.click("[data-testid=city-row][data-day='" + days[1] + "'] [data-testid=city-link]");
            page.waitForURL("**/?day=" + days[1]);
            // signed in still: the token is kept for the tab
            page.waitForSelector("[data-testid=businesses-closed][data-value='1']", patiently());
        }
    }

    @Test
    void anAuditor_readsTheCampaignAsKnownEarlier_checksEveryDaysLog_andDownloadsTheCampaignsLog() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String campaign = "audit-" + suffix;
        Api.Answer created = staff.command.post("/api/campaigns", staff.coordinator, Map.of("id", campaign, "name", "Audit " + suffix));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Instant now = Instant.now();
        String[] days = new String[2];
        for (int i = 0; i < 2; i++) {
            City city = CITIES.get(i);
            days[i] = "audit-" + i + "-" + suffix;
            Api.Answer planned = staff.command.post("/api/days", staff.coordinator, Map.of("id", days[i],
                    "name", "May Day in " + city.name(), "city", city.name(), "timeZone", city.timeZone(),
                    "startsAt", now.minus(6, ChronoUnit.HOURS).toString(), "endsAt", now.plus(12, ChronoUnit.HOURS).toString(),
                    "location", Map.of("lat", city.lat(), "lon", city.lon()), "campaignId", campaign));
            assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
            assertThat(staff.command.post("/api/days/" + days[i] + "/opening", staff.coordinator, "").status()).isEqualTo(200);
        }
        staff.closure(days[0], "Strand Book Store", 44.97, -93.26, "CLOSED");
        StaffClient.sleep(1200); // a K between the two closures, to the second
        Instant between = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StaffClient.sleep(1200);
        Api.Answer second = staff.closure(days[1], "Housing Works Bookstore", 40.725, -73.996, "CLOSED");
        staff.awaitQuery(days[1], second.body().path("position").asLong());
        String auditor = staff.token("AUDITOR", "national auditor");

        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000)
                .setTimezoneId("UTC").setAcceptDownloads(true))) {
            Page page = laptop.newPage();
            page.navigate(platform.queryUrl().resolve("/national.html?campaign=" + campaign).toString());
            page.fill("[data-testid=token-input]", auditor);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=national-closed][data-value='2']", patiently());
            page.waitForFunction("() => document.querySelectorAll('[data-testid=city-row]').length === 2",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=campaign-audit]:not([hidden])", patiently());

            // A datetime-local value: the browser writes whole minutes without their ":00" seconds, and so must the fill.
            String local = between.toString().substring(0, 19);
            page.fill("[data-testid=audit-known-at]", local.endsWith(":00") ? local.substring(0, 16) : local);
            page.click("[data-testid=audit-show]");
            page.waitForSelector("[data-testid=audit-day]", patiently());
            assertThat(page.locator("[data-testid=audit-status]").textContent()).contains("1 businesses closed");

            page.click("[data-testid=audit-integrity]");
            page.waitForSelector("[data-testid=audit-chains][data-ok=true]", patiently());
            assertThat(page.locator("[data-testid=audit-chains][data-ok=true]").count()).isEqualTo(2);

            com.microsoft.playwright.Download download = page.waitForDownload(
                    () -> page.click("[data-testid=audit-download]"));
            assertThat(download.suggestedFilename()).isEqualTo(campaign + "-events.jsonl");
            List<String> lines = java.nio.file.Files.readAllLines(download.path());
            assertThat(lines.get(0)).contains("CampaignCreated");
            assertThat(lines).anyMatch(line -> line.contains("Strand Book Store"))
                    .anyMatch(line -> line.contains("Housing Works Bookstore"));
            assertThat(page.locator("[data-testid=city-row]").count()).as("the cities' table, still").isEqualTo(2);
            Chromium.screenshot(page, "national-audit");
        }
    }

    private static Page.WaitForSelectorOptions patiently() {
        return new Page.WaitForSelectorOptions().setTimeout(WAIT_MS);
    }
}
