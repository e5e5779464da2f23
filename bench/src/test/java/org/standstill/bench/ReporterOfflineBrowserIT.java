package org.standstill.bench;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Geolocation;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field reporter's page in a phone-sized headless Chromium against the real services: a report made with no
 * network is kept in IndexedDB through closing the browser, the page opens again with no network, and the report is
 * sent when the network is back and counts once; a
 * send whose answer is lost is retried and still counts once; the server's refusals are shown with their fields; a
 * report can be corrected and retracted.
 */
class ReporterOfflineBrowserIT extends BrowserTest {

    static final double LAT = 44.9483;
    static final double LON = -93.2600;
    static final double WAIT_MS = 20_000;


    @Test
    void aReportMadeOffline_survivesClosingTheBrowser_andArrivesExactlyOnceWhenTheNetworkIsBack() throws Exception {
        String day = staff.openDay("offline");
        String code = staff.invites(day, 1).get(0);
        Path profile = Files.createTempDirectory(Platform.home().resolve("bench").resolve("target"), "reporter-profile-");
        String reportId;

        try (BrowserContext phone = chromium.launchPersistent(profile, phone(new BrowserType.LaunchPersistentContextOptions()))) {
            Page page = phone.pages().isEmpty() ? phone.newPage() : phone.pages().get(0);
            join(page, code);
            page.evaluate("() => navigator.serviceWorker.ready.then(() => true)"); // the page's files are kept
            phone.setOffline(true);
            reportClosure(page, "Cold Corner Café", "FOOD_SERVICE");

            page.waitForFunction("() => { const li = document.querySelector('[data-testid=my-report]');"
                    + " return li && li.dataset.state === 'queued' && Number(li.dataset.attempts) >= 2; }",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            reportId = page.locator("[data-testid=my-report]").first().getAttribute("data-report-id");
            assertThat(page.locator("[data-testid=net-status]").getAttribute("data-state")).isEqualTo("offline");
            assertThat(page.locator("[data-testid=outbox-summary]").textContent()).contains("1 waiting to be sent");
            Chromium.screenshot(page, "reporter-offline-queued");
            assertThat(staff.eventsOf(reportId)).as("nothing reached the server while offline").isZero();
        } // the browser is closed with the report still queued

        assertThat(staff.eventsOf(reportId)).isZero();
        // The browser is opened again, still with no network: the page comes from its service worker, the report
        // from IndexedDB; once the network is back it is sent without anyone touching anything.
        try (BrowserContext phone = chromium.launchPersistent(profile,
                phone(new BrowserType.LaunchPersistentContextOptions()).setOffline(true))) {
            Page page = phone.pages().isEmpty() ? phone.newPage() : phone.pages().get(0);
            page.navigate(reportPage());
            page.waitForSelector(myReport(reportId) + "[data-state=queued]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "reporter-reopened-offline");
            assertThat(staff.eventsOf(reportId)).isZero();

            phone.setOffline(false);
            page.waitForSelector(myReport(reportId) + "[data-state=sent]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "reporter-sent");
        }

        String id = reportId;
        List<JsonNode> feed = staff.feedWhen(day, f -> f.stream().anyMatch(r -> r.path("reportId").asString().equals(id)));
        assertThat(feed).hasSize(1);
        assertThat(feed.get(0).path("subjectName").asString()).isEqualTo("Cold Corner Café");
        assertThat(feed.get(0).path("status").asString()).isEqualTo("CLOSED");
        assertThat(staff.eventsOf(reportId)).as("stored exactly once").isEqualTo(1);
        JsonNode tally = staff.tally(day);
        assertThat(tally.path("businesses").path("closed").asLong()).isEqualTo(1);
        assertThat(tally.path("reports").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void aSendWhoseAnswerIsLost_isRetried_andCountsOnce() throws Exception {
        String day = staff.openDay("lost-answer");
        String code = staff.invites(day, 1).get(0);
        // Routing sees the page's own requests only when no service worker stands in between.
        try (BrowserContext phone = browser.newContext(phone(new Browser.NewContextOptions())
                .setServiceWorkers(ServiceWorkerPolicy.BLOCK))) {
            Page page = phone.newPage();
            join(page, code);
            AtomicInteger posts = new AtomicInteger();
            AtomicInteger firstStatus = new AtomicInteger();
            // The first POST reaches the server and is stored, but its answer never reaches the phone.
            page.route(platform.commandUrl().resolve("/api/days/" + day + "/reports").toString(), route -> {
                if ("POST".equals(route.request().method()) && posts.incrementAndGet() == 1) {
                    APIResponse stored = route.fetch();
                    firstStatus.set(stored.status());
                    route.abort("connectionreset");
                } else {
                    route.resume();
                }
            });
            reportClosure(page, "Lake Street Hardware", "RETAIL");

            page.waitForSelector("[data-testid=my-report][data-state=sent]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Locator item = page.locator("[data-testid=my-report]").first();
            String reportId = item.getAttribute("data-report-id");

            assertThat(firstStatus.get()).as("the lost answer was a 201").isEqualTo(201);
            assertThat(posts.get()).isGreaterThanOrEqualTo(2);
            assertThat(Integer.parseInt(item.getAttribute("data-attempts"))).isGreaterThanOrEqualTo(2);
            assertThat(staff.eventsOf(reportId)).isEqualTo(1);
            List<JsonNode> feed = staff.feedWhen(day, f -> !f.isEmpty());
            assertThat(feed).extracting(r -> r.path("reportId").asString()).containsExactly(reportId);
            assertThat(staff.tally(day).path("businesses").path("closed").asLong()).isEqualTo(1);
        }
    }

    @Test
    void reportsQueuedWithoutSignal_goTogetherAsOneBatch_whenTheNetworkIsBack_andEachCountsOnce() throws Exception {
        String day = staff.openDay("batched");
        String code = staff.invites(day, 1).get(0);
        // Requests are seen one by one only when no service worker stands in between.
        try (BrowserContext phone = browser.newContext(phone(new Browser.NewContextOptions())
                .setServiceWorkers(ServiceWorkerPolicy.BLOCK))) {
            Page page = phone.newPage();
            join(page, code);
            List<String> delivered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            page.onRequestFinished(request -> {
                if ("POST".equals(request.method()) && request.url().contains("/api/days/" + day + "/report")) {
                    delivered.add(request.url().replaceAll(".*/", "") + " " + request.postData());
                }
            });
            phone.setOffline(true);
            List<String> names = List.of("Midtown Global Market", "Mercado Central", "Hmongtown Marketplace");
            for (int i = 0; i < names.size(); i++) {
                reportClosure(page, names.get(i), "RETAIL");
                // As a reporter would: the next report once this one is queued and the form is clear again (filled
                // before, the form's reset after this submission could empty the next one's name).
                page.waitForFunction("n => document.querySelectorAll('[data-testid=my-report]').length === n"
                        + " && document.querySelector('[data-testid=name-input]').value === ''", i + 1,
                        new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            }
            page.waitForFunction("() => document.querySelectorAll('[data-testid=my-report][data-state=queued]').length === 3",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            assertThat(delivered).as("nothing delivered without a network").isEmpty();

            phone.setOffline(false);
            page.waitForFunction("() => document.querySelectorAll('[data-testid=my-report][data-state=sent]').length === 3",
                    null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));

            assertThat(delivered).as("one batch of the three").hasSize(1);
            assertThat(delivered.get(0)).startsWith("report-batches ");
            JsonNode batch = tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(delivered.get(0).substring("report-batches ".length()));
            assertThat(batch.path("reports").size()).isEqualTo(3);
            for (JsonNode report : batch.path("reports")) {
                assertThat(staff.eventsOf(report.path("reportId").asString())).isEqualTo(1);
            }
        }
        assertThat(staff.feedWhen(day, f -> f.size() == 3)).extracting(r -> r.path("subjectName").asString())
                .containsExactlyInAnyOrder("Midtown Global Market", "Mercado Central", "Hmongtown Marketplace");
    }

    @Test
    void aRefusedReport_showsTheServersFieldErrors_andCanBeFixedAndSentAgain() throws Exception {
        String day = staff.openDay("refused");
        String code = staff.invites(day, 1).get(0);
        try (BrowserContext phone = browser.newContext(phone(new Browser.NewContextOptions()))) {
            Page page = phone.newPage();
            join(page, code);
            page.click("[data-testid=more-details] summary");
            page.fill("[data-testid=observed-input]", "2020-01-01T10:00"); // long before the day: the server refuses it
            reportClosure(page, "Ancient Shop", "RETAIL");

            page.waitForSelector("[data-testid=my-report][data-state=rejected]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Locator error = page.locator("[data-testid=report-errors] li");
            assertThat(error.getAttribute("data-field")).isEqualTo("observedAt");
            assertThat(error.textContent()).contains("14 days");
            Chromium.screenshot(page, "reporter-rejected");

            page.click("[data-testid=fix-button]");
            assertThat(page.locator("[data-testid=observed-input]").getAttribute("aria-invalid")).isEqualTo("true");
            page.fill("[data-testid=observed-input]", "");
            page.click("[data-testid=submit-report]");
            page.waitForSelector("[data-testid=my-report][data-state=sent]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=my-report]").count()).as("the refused one is replaced").isEqualTo(1);
            assertThat(staff.feedWhen(day, f -> !f.isEmpty())).hasSize(1);
        }
    }

    @Test
    void aSentReport_canBeCorrectedAndRetracted() throws Exception {
        String day = staff.openDay("correct");
        String code = staff.invites(day, 1).get(0);
        try (BrowserContext phone = browser.newContext(phone(new Browser.NewContextOptions()))) {
            Page page = phone.newPage();
            page.onDialog(dialog -> dialog.accept());
            join(page, code);
            reportClosure(page, "Seward Co-op", "FOOD_SERVICE");
            page.waitForSelector("[data-testid=my-report][data-state=sent]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            String reportId = page.locator("[data-testid=my-report]").first().getAttribute("data-report-id");

            page.click("[data-testid=correct-button]");
            page.selectOption("[data-testid=correction-status]", "OPEN");
            page.click("[data-testid=correction-submit]");
            staff.feedWhen(day, f -> f.size() == 1 && f.get(0).path("status").asString().equals("OPEN"));
            page.waitForSelector(myReport(reportId) + "[data-pending='0']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator(myReport(reportId) + " [data-testid=my-report-figures]").textContent()).startsWith("Open");

            page.click("[data-testid=retract-button]");
            staff.feedWhen(day, f -> f.size() == 1 && f.get(0).path("retracted").asBoolean());
            page.waitForSelector(myReport(reportId) + "[data-retracted=true][data-pending='0']",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(staff.tally(day).path("reports").path("retracted").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aPlaceAlreadyReportedNearby_isPickedFromTheList_andTheReportNamesTheSameSubject() throws Exception {
        String day = staff.openDay("places");
        String code = staff.invites(day, 1).get(0);
        String subjectId = staff.closure(day, "Karmel Mall", LAT + 0.001, LON, "CLOSED").body().path("subjectId").asString();
        staff.feedWhen(day, f -> f.size() == 1);
        try (BrowserContext phone = browser.newContext(phone(new Browser.NewContextOptions()))) {
            Page page = phone.newPage();
            join(page, code);
            Locator place = page.locator("[data-testid=place-option][data-subject-id=\"" + subjectId + "\"]");
            place.waitFor();
            assertThat(place.textContent()).contains("Karmel Mall").contains("m");
            place.click();
            assertThat(page.inputValue("[data-testid=name-input]")).isEqualTo("Karmel Mall");
            assertThat(page.inputValue("[data-testid=sector-select]")).isEqualTo("RETAIL");
            page.check("[data-testid=status-partial]");
            page.click("[data-testid=submit-report]");
            page.waitForSelector("[data-testid=my-report][data-state=sent]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Chromium.screenshot(page, "reporter-nearby-place");
        }
        List<JsonNode> feed = staff.feedWhen(day, f -> f.size() == 2);
        assertThat(feed).extracting(r -> r.path("subjectId").asString()).containsOnly(subjectId);
        assertThat(staff.tally(day).path("businesses").path("partial").asLong()).as("one business, now partly open").isEqualTo(1);
    }

    private void join(Page page, String code) {
        page.navigate(reportPage());
        page.fill("[data-testid=invite-code]", code);
        page.click("[data-testid=join-submit]");
        page.waitForSelector("[data-testid=reporter]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.click("[data-testid=locate-button]");
        page.waitForSelector("[data-testid=location-status][data-state=known]");
    }

    private static void reportClosure(Page page, String name, String sector) {
        page.check("[data-testid=kind-closure]");
        page.fill("[data-testid=name-input]", name);
        page.selectOption("[data-testid=sector-select]", sector);
        page.check("[data-testid=status-closed]");
        page.click("[data-testid=submit-report]");
    }

    private String reportPage() {
        return platform.queryUrl().resolve("/report.html").toString();
    }

    private static String myReport(String reportId) {
        return "[data-testid=my-report][data-report-id='" + reportId + "']";
    }

    private static Browser.NewContextOptions phone(Browser.NewContextOptions options) {
        return options.setViewportSize(390, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2)
                .setGeolocation(new Geolocation(LAT, LON)).setPermissions(List.of("geolocation"));
    }

    private static BrowserType.LaunchPersistentContextOptions phone(BrowserType.LaunchPersistentContextOptions options) {
        return options.setViewportSize(390, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2)
                .setGeolocation(new Geolocation(LAT, LON)).setPermissions(List.of("geolocation"));
    }
}
