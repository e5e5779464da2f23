package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planning page in headless Chromium: a coordinator plans a day with its zones from an uploaded GeoJSON file,
 * opens it, and issues invite codes shown as a printable list; a printed code lets a reporter join.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanningBrowserIT {

    static final double WAIT_MS = 15_000;
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    Platform platform;
    StaffClient staff;
    Chromium chromium;
    Browser browser;

    @BeforeAll
    void start(Platform platform) {
        this.platform = platform;
        chromium = Chromium.start();
        browser = chromium.launch();
        staff = new StaffClient(platform);
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aCoordinatorPlansADayWithZonesFromAFile_opensIt_andPrintsInviteCodesThatWork() {
        String dayId = "may-day-" + UUID.randomUUID().toString().substring(0, 6);
        LocalDate date = LocalDate.now(CHICAGO).plusDays(7);
        byte[] zones = Api.JSON.writeValueAsString(Map.of("type", "FeatureCollection",
                "features", List.of(StaffClient.DOWNTOWN, StaffClient.LAKE_STREET))).getBytes(StandardCharsets.UTF_8);

        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = laptop.newPage();
            page.onDialog(dialog -> dialog.accept());
            page.navigate(platform.queryUrl().resolve("/plan.html").toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=planning]");

            page.fill("[data-testid=plan-name]", "May Day 2026");
            page.fill("[data-testid=plan-city]", "Minneapolis–St Paul");
            page.fill("[data-testid=plan-timezone]", "America/Chicago");
            page.fill("[data-testid=plan-date]", date.toString());
            page.fill("[data-testid=plan-start]", "06:00");
            page.fill("[data-testid=plan-end]", "23:30");
            page.fill("[data-testid=plan-id]", dayId);
            page.setInputFiles("[data-testid=zones-file]", new FilePayload("zones.geojson", "application/geo+json", zones));
            page.waitForSelector("[data-testid=zone-name] >> nth=1");
            page.click("[data-testid=plan-submit]");
            page.waitForSelector("[data-testid=day-panel][data-day-id='" + dayId + "'][data-status=PLANNED]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            JsonNode day = staff.query.get("/api/days/" + dayId, staff.coordinator).body();
            assertThat(day.path("startsAt").asString()).isEqualTo(date.atTime(LocalTime.of(6, 0)).atZone(CHICAGO).toInstant().toString());
            assertThat(day.path("endsAt").asString()).isEqualTo(date.atTime(LocalTime.of(23, 30)).atZone(CHICAGO).toInstant().toString());
            assertThat(staff.query.get("/api/days/" + dayId + "/zones", staff.coordinator).body().path("features").valueStream()
                    .map(f -> f.path("properties").path("name").asString()).toList())
                    .containsExactlyInAnyOrder("Downtown", "Lake Street");

            page.click("[data-testid=open-day]");
            page.waitForSelector("[data-testid=day-panel][data-status=LIVE]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.fill("[data-testid=invite-count]", "3");
            page.click("[data-testid=invite-submit]");
            page.waitForSelector("[data-testid=invite-code-item] >> nth=2", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "planning");
            page.emulateMedia(new Page.EmulateMediaOptions().setMedia(com.microsoft.playwright.options.Media.PRINT));
            Chromium.screenshot(page, "planning-invites-print");

            String code = page.locator("[data-testid=invite-code-item]").first().getAttribute("data-code");
            Api.Answer joined = staff.command.post("/api/join", null, Map.of("code", code));
            assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
            assertThat(joined.body().path("dayId").asString()).isEqualTo(dayId);
        }
    }
}
