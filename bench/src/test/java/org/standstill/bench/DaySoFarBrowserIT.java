package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a coordinator reads of the day on the dashboard, in headless Chromium against the real services: the day so
 * far has points on a day compressed into minutes, an absurd headcount is flagged in the feed, the map and the crowd
 * card (and the flag follows the other reports and the verdicts, live) without changing a figure, and the keyboard
 * gets from the filters past the map to the first Verify button in a few Tab presses.
 */
class DaySoFarBrowserIT extends BrowserTest {

    static final double WAIT_MS = 15_000;
    static final double TARGET_LAT = 44.9795;
    static final double TARGET_LON = -93.2761;


    @Test
    void aDayCompressedIntoTwentyMinutes_hasPointsOnItsTimeline_andTheBucketCanBeChosen() {
        Instant now = Instant.now();
        String day = staff.openDay("compressed", now.minus(10, ChronoUnit.MINUTES), now.plus(10, ChronoUnit.MINUTES));
        staff.closure(day, "Karmel Mall", 44.9530, -93.2875, "CLOSED");
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = signIn(laptop, day);
            // 20 minutes in buckets of 15 s: 80 points over the day, about 40 of them so far.
            page.waitForFunction("() => Number(document.querySelector('[data-testid=timeline-chart]').dataset.points) >= 30",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=timeline-bucket] option:checked").textContent()).isEqualTo("Automatic (15 s)");
            assertThat(page.locator("[data-testid=timeline-rows] tr").count()).isGreaterThanOrEqualTo(30);
            Chromium.screenshot(page, "dashboard-compressed-day-timeline");

            page.selectOption("[data-testid=timeline-bucket]", "60");
            page.waitForFunction("() => { const n = Number(document.querySelector('[data-testid=timeline-chart]').dataset.points);"
                    + " return n >= 9 && n <= 12; }", null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
        }
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2))) {
            Page page = signIn(phone, day);
            page.waitForFunction("() => Number(document.querySelector('[data-testid=timeline-chart]').dataset.points) >= 30",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "dashboard-compressed-day-timeline-phone");
        }
    }

    @Test
    void theTimelineApi_takesBucketsDownToOneSecond_andRefusesMorePointsThanItsBound_namingTheBucket() {
        Instant now = Instant.now();
        String compressed = staff.openDay("seconds", now.minus(10, ChronoUnit.MINUTES), now.plus(10, ChronoUnit.MINUTES));
        Api.Answer seconds = staff.query.get("/api/days/" + compressed + "/timeline?bucket=PT1S", staff.coordinator);
        assertThat(seconds.status()).as(seconds.raw()).isEqualTo(200);
        assertThat(seconds.body().path("points").size()).isBetween(590, 610);

        Api.Answer half = staff.query.get("/api/days/" + compressed + "/timeline?bucket=PT0.5S", staff.coordinator);
        assertThat(half.status()).isEqualTo(400);
        assertThat(half.body().path("errors").get(0).path("field").asString()).isEqualTo("bucket");

        String longDay = staff.openDay("eighteen-hours"); // six hours ago to twelve hours ahead: 64,800 seconds
        Api.Answer tooMany = staff.query.get("/api/days/" + longDay + "/timeline?bucket=PT1S", staff.coordinator);
        assertThat(tooMany.status()).as(tooMany.raw()).isEqualTo(400);
        assertThat(tooMany.body().path("errors").get(0).path("field").asString()).isEqualTo("bucket");
        assertThat(tooMany.body().path("detail").asString()).contains("5000").contains("PT13S");
        assertThat(staff.query.get("/api/days/" + longDay + "/timeline?bucket=PT13S", staff.coordinator).status())
                .isEqualTo(200);
    }

    @Test
    void anAbsurdHeadcount_isFlaggedInTheFeedTheMapAndTheCrowdCard_live_andNoFigureChanges() {
        String day = staff.openDay("plausibility");
        String first = staff.token("COORDINATOR", "reporter at the arena");
        String second = staff.token("COORDINATOR", "reporter on Hennepin");
        String third = staff.token("COORDINATOR", "the organisers' desk");
        staff.headcount(day, first, "Target Center rally", TARGET_LAT, TARGET_LON, 5_000, "COUNTED", Duration.ofMinutes(10));
        String absurd = staff.headcount(day, third, "Target Center rally", TARGET_LAT, TARGET_LON, 5_000_000,
                "ORGANIZER_CLAIM", Duration.ofMinutes(2)).body().path("reportId").asString();
        String vigil = staff.headcount(day, first, "Capitol vigil", 44.9551, -93.1022, 800, "COUNTED",
                Duration.ofMinutes(3)).body().path("reportId").asString();
        String absurdItem = "[data-testid=feed-item][data-report-id='" + absurd + "']";
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = signIn(laptop, day);
            page.waitForSelector(absurdItem, new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            // One other reporter is too few to judge by: not flagged yet. The vigil rests on one unverified reporter.
            assertThat(page.locator(absurdItem).getAttribute("data-flags")).isEmpty();
            page.waitForSelector("[data-testid=feed-item][data-report-id='" + vigil + "'][data-flags~=unconfirmed]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            // A second reporter's headcount makes the absurd one an outlier: the feed is told without a reload.
            staff.headcount(day, second, "Target Center rally", TARGET_LAT, TARGET_LON, 6_000, "DENSITY_ESTIMATE",
                    Duration.ofMinutes(5));
            page.waitForSelector(absurdItem + "[data-flags~=outlier]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator(absurdItem + " [data-testid=feed-flags]").textContent())
                    .contains("Outlier").contains("5,000,000").contains("median 5,000");
            assertThat(page.locator("[data-testid=feed-item][data-flags~=outlier]").count()).isEqualTo(1);

            // Flags never change a figure: the estimate is the lower medians, 6,000 + 800.
            page.waitForSelector("[data-testid=crowd-estimate][data-value='6800']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForFunction("() => document.querySelector('[data-testid=crowd-check]').textContent.includes('1 outlier headcount')",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=crowd-check]").textContent()).contains("unconfirmed: 1 rally");
            assertThat(page.locator("[data-testid=crowd-basis]").textContent())
                    .contains("Rests on 4 reporters’ headcounts at 2 rallies").contains("counted: 2").contains("organizers say: 1");

            // The rally's marker says so to a screen reader, and its popup to everyone.
            String marker = ".leaflet-marker-icon[aria-label^='Rally Target Center rally']";
            page.waitForFunction("s => document.querySelector(s)?.getAttribute('aria-label').includes('1 outlier report')",
                    marker, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            page.click(marker);
            page.waitForSelector("[data-testid=popup-flags]");
            assertThat(page.locator("[data-testid=map-popup]").textContent()).contains("3 reporters").contains("1 outlier report");
            Chromium.screenshot(page, "dashboard-flagged-outlier");
            Instant beforeDispute = Instant.now();

            // Disputed, it no longer counts: its flag goes, and the estimate is the other two's lower median.
            page.locator(absurdItem + " [data-testid=dispute-button]").click();
            page.waitForSelector(absurdItem + "[data-verdict=DISPUTED][data-flags='']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=crowd-estimate][data-value='5800']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            // The report's history tells the auditor both: an outlier before the dispute, not counted after.
            String auditor = staff.token("AUDITOR", "plausibility auditor");
            JsonNode now = staff.query.get("/api/days/" + day + "/reports/" + absurd + "/history", auditor).body();
            assertThat(now.path("plausibility").path("counted").asBoolean()).isFalse();
            assertThat(now.path("plausibility").path("flags").size()).isZero();
            JsonNode then = staff.query.get("/api/days/" + day + "/reports/" + absurd + "/history?knownAt=" + beforeDispute,
                    auditor).body();
            assertThat(then.path("plausibility").path("flags").valueStream().map(JsonNode::asString).toList())
                    .containsExactly("outlier");
            assertThat(then.path("plausibility").path("othersMedian").asLong()).isEqualTo(5_000);
        }
        try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2))) {
            Page page = signIn(phone, day);
            page.waitForSelector("[data-testid=feed-item][data-report-id='" + vigil + "'][data-flags~=unconfirmed]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "dashboard-flagged-phone");
        }
    }

    @Test
    void theSkipLink_takesTheKeyboardPastTheMap_toTheFirstVerifyButton_inAFewTabPresses() {
        String day = staff.openDay("keyboard");
        double[][] shops = {{44.945, -93.295}, {44.950, -93.245}, {44.946, -93.215}, {44.988, -93.258}, {44.972, -93.290}};
        for (int i = 0; i < shops.length; i++) { // markers far enough apart not to cluster, each a Tab stop on the map
            staff.closure(day, "Lake Street shop " + i, shops[i][0], shops[i][1], "CLOSED");
        }
        staff.walkout(day, "Lake Street shop 0", 44.9800, -93.2700, 40); // same name, another kind, downtown
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = signIn(laptop, day);
            page.waitForFunction("() => document.querySelectorAll('[data-testid=feed-item]').length === 6", null,
                    new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            page.waitForFunction("() => document.querySelectorAll('.leaflet-marker-icon[aria-label]').length >= 3", null,
                    new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));

            page.focus("[data-testid=filter-flagged]"); // the last of the filters
            int presses = 0;
            page.keyboard().press("Tab");
            presses++;
            assertThat(page.evaluate("() => document.activeElement.dataset.testid")).isEqualTo("skip-map");
            assertThat(page.locator("[data-testid=skip-map]").boundingBox().x).as("shown while it has the focus").isPositive();
            Chromium.screenshot(page, "dashboard-skip-link");
            page.keyboard().press("Enter");
            assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("feed-heading");
            page.keyboard().press("Tab");
            presses++;
            assertThat(page.evaluate("() => document.activeElement.dataset.testid")).isEqualTo("verify-button");
            assertThat(page.evaluate("() => document.activeElement.closest('[data-testid=feed-item]')"
                    + " === document.querySelector('[data-testid=feed-item]')")).as("the first report's").isEqualTo(true);
            assertThat(presses).isLessThanOrEqualTo(3);

            // Markers a screen reader can tell apart: what, which, where, and its figure.
            List<String> names = page.locator(".leaflet-marker-icon[aria-label]").all().stream()
                    .map(m -> m.getAttribute("aria-label")).toList();
            assertThat(names).doesNotHaveDuplicates();
            assertThat(names).anySatisfy(name -> assertThat(name).startsWith("Business Lake Street shop 0").endsWith(": closed"));
            assertThat(names).anySatisfy(name -> assertThat(name).startsWith("Walkout at Lake Street shop 0, Downtown").contains("40 out"));

            // And the page's own skip link is its first Tab stop: the first focusable element of the page.
            assertThat(page.evaluate("() => document.querySelector('a[href], button, input, select, textarea,"
                    + " [tabindex]:not([tabindex=\"-1\"])').className")).isEqualTo("skip-link");
        }
    }

    /** Opens the dashboard of `day`, signs in as the coordinator, and waits until it is live and shows the day. */
    private Page signIn(BrowserContext context, String day) {
        Page page = context.newPage();
        page.navigate(platform.queryUrl().resolve("/?day=" + day).toString());
        page.fill("[data-testid=token-input]", staff.coordinator);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=connection-status][data-state=connected]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForFunction("() => document.querySelector('[data-testid=position]').dataset.value !== ''", null,
                new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
        StaffClient.sleep(300); // the SUBSCRIBE frames follow CONNECTED; let the broker register them
        return page;
    }
}
