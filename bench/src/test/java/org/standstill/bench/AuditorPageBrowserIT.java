package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's page in headless Chromium against the real services, on a small day seeded over the API (two
 * closures, a walkout by a reporter and its correction, a rally headcount, a verdict): the event log lists every
 * event of the day page by page and its filters narrow it; the T slider, moved with the keyboard, and an exact K show
 * exactly the tally the API answers for the same T and K; a report's history shows what its correction changed; the
 * rebuild runs to DONE with equal digests; the integrity check is OK; the downloads hold what the API holds. On a
 * second day with an event edited in the database, the page lists the broken link and the tables that differ.
 */
class AuditorPageBrowserIT extends BrowserTest {

    static final double WAIT_MS = 15_000;
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    /** The tiles the page shows, by data-testid, and where the tally answer has each figure. */
    static final Map<String, String> FIGURES = figures();

    String auditor;
    String day;
    Instant seededAt;
    String reporterId;
    String walkoutId;
    String closureSubjectId;

    @BeforeAll
    void start() throws Exception {
        Api.Answer issued = staff.command.post("/api/tokens", platform.adminToken(), Map.of("role", "AUDITOR", "label", "auditor page"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        auditor = issued.body().path("token").asString();
        seedDay();
    }

    /** A day opened six hours ago: closures at T−5h (CLOSED) and T−3h (PARTIAL), a walkout at T−2h, a rally at T−30min. */
    private void seedDay() throws Exception {
        day = staff.openDay("auditor-page");
        seededAt = Instant.now();
        String code = staff.invites(day, 1).get(0);
        Api.Answer joined = staff.command.post("/api/join", null, Map.of("code", code));
        assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
        reporterId = joined.body().path("reporterId").asString();
        String reporter = joined.body().path("token").asString();

        String closureId = UUID.randomUUID().toString();
        closureSubjectId = post(staff.coordinator, Map.of("reportId", closureId, "kind", "CLOSURE", "observedAt", ago(300),
                "business", Map.of("name", "Karmel Mall", "location", Map.of("lat", 44.98, "lon", -93.27), "sector", "RETAIL"),
                "status", "CLOSED", "reason", "WORKER_ACTION")).path("subjectId").asString();
        post(staff.coordinator, Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE", "observedAt", ago(180),
                "business", Map.of("name", "Midtown Global Market", "location", Map.of("lat", 44.948, "lon", -93.26),
                        "sector", "FOOD_SERVICE"), "status", "PARTIAL"));
        walkoutId = UUID.randomUUID().toString();
        post(reporter, Map.of("reportId", walkoutId, "kind", "WALKOUT", "observedAt", ago(120),
                "workplace", Map.of("name", "HCMC clinic", "location", Map.of("lat", 44.973, "lon", -93.262), "sector", "HEALTHCARE"),
                "type", "SICKOUT", "participants", 40, "workforce", 120));
        post(staff.coordinator, Map.of("reportId", UUID.randomUUID().toString(), "kind", "HEADCOUNT", "observedAt", ago(30),
                "rally", Map.of("name", "Target Center rally", "location", Map.of("lat", 44.9795, "lon", -93.2761)),
                "headcount", 5000, "method", "COUNTED"));
        Thread.sleep(1500); // so that a K between the walkout and its correction exists at a whole second
        Api.Answer corrected = staff.command.post("/api/days/" + day + "/reports/" + walkoutId + "/corrections", reporter,
                Map.of("type", "SICKOUT", "participants", 55, "workforce", 120));
        assertThat(corrected.status()).as(corrected.raw()).isEqualTo(201);
        Api.Answer verdict = staff.command.post("/api/days/" + day + "/reports/" + closureId + "/verdict", staff.coordinator,
                Map.of("verdict", "VERIFIED"));
        assertThat(verdict.status()).as(verdict.raw()).isEqualTo(200);
        staff.awaitQuery(day, verdict.body().path("position").asLong());
    }

    @Test
    void theEventLog_listsEveryEventOfTheDay_pageByPage_andItsFiltersNarrowIt() throws Exception {
        try (BrowserContext laptop = laptop()) {
            // Four events a page, so that "Load more" is needed; a checkpoint event may join the log at any moment,
            // so the count is taken between two reads of the API that agree.
            Page page = null;
            List<JsonNode> events = List.of();
            for (int attempt = 0; attempt < 3; attempt++) {
                List<JsonNode> before = apiEvents();
                page = open(laptop, "&limit=4");
                int pages = loadWholeLog(page);
                events = apiEvents();
                assertThat(pages).as("the log took more than one page").isGreaterThan(1);
                if (before.size() == events.size()) {
                    break;
                }
                page.close();
            }
            assertThat(page.locator("[data-testid=event-row]").count()).as("every event of the log").isEqualTo(events.size());
            assertThat(page.locator("[data-testid=event-row]").evaluateAll("rows => rows.map(r => Number(r.dataset.position))"))
                    .isEqualTo(events.stream().map(e -> e.path("position").asInt()).toList());
            Chromium.screenshot(page, "auditor-log");

            page.selectOption("[data-testid=log-filter-type]", "ClosureReported");
            assertThat(types(page)).containsExactly("ClosureReported", "ClosureReported");
            assertThat(page.locator("[data-testid=log-count]").getAttribute("data-shown")).isEqualTo("2");
            page.selectOption("[data-testid=log-filter-type]", "");
            page.selectOption("[data-testid=log-filter-reporter]", reporterId);
            assertThat(types(page)).as("the pseudonym's enrolment and its own reports")
                    .containsExactly("ReporterEnrolled", "WalkoutReported", "WalkoutCorrected");
            page.selectOption("[data-testid=log-filter-reporter]", "");
            page.selectOption("[data-testid=log-filter-subject]", closureSubjectId);
            assertThat(types(page)).as("the subject's report and its verdict").containsExactly("ClosureReported", "VerdictGiven");
            Chromium.screenshot(page, "auditor-log-filtered");
            page.click("[data-testid=log-filter-clear]");
            page.waitForSelector("[data-testid=log-count][data-shown='" + events.size() + "']");
            // recorded from the second of the correction on (the field is in the day's time zone, to the second)
            Instant from = Instant.parse(events.stream().filter(e -> e.path("type").asString().equals("WalkoutCorrected"))
                    .findFirst().orElseThrow().path("recordedAt").asString()).truncatedTo(ChronoUnit.SECONDS);
            List<String> since = events.stream().filter(e -> !Instant.parse(e.path("recordedAt").asString()).isBefore(from))
                    .map(e -> e.path("type").asString()).toList();
            page.fill("[data-testid=log-filter-from]", wallTime(from));
            page.waitForSelector("[data-testid=log-count][data-shown='" + since.size() + "']");
            assertThat(types(page)).isEqualTo(since).contains("WalkoutCorrected", "VerdictGiven").doesNotContain("DayPlanned");
        }
    }

    @Test
    void theDownloads_holdTheWholeLog_andTheReportsAsKnownAtK() throws Exception {
        try (BrowserContext laptop = laptop()) {
            Page page = open(laptop, "");
            List<String> lines = List.of();
            List<JsonNode> events = List.of();
            for (int attempt = 0; attempt < 3; attempt++) {
                List<JsonNode> before = apiEvents();
                Download download = page.waitForDownload(() -> page.click("[data-testid=download-events]"));
                lines = Files.readAllLines(download.path()).stream().filter(l -> !l.isBlank()).toList();
                assertThat(download.suggestedFilename()).isEqualTo(day + "-events.jsonl");
                events = apiEvents();
                if (before.size() == events.size()) {
                    break;
                }
            }
            assertThat(lines).hasSize(events.size());
            assertThat(Api.JSON.readTree(lines.get(0)).path("type").asString()).isEqualTo("DayPlanned");

            Download csv = page.waitForDownload(() -> page.click("[data-testid=download-csv]"));
            List<String> rows = Files.readAllLines(csv.path());
            assertThat(rows.get(0)).startsWith("report_id,kind,subject_id");
            assertThat(rows).as("a header and the four reports").hasSize(5);
            Download geoJson = page.waitForDownload(() -> page.click("[data-testid=download-geojson]"));
            assertThat(Api.JSON.readTree(Files.readString(geoJson.path())).path("features").size()).isEqualTo(4);
        }
    }

    @Test
    void movingTheTimeSlider_andChoosingK_showExactlyTheTallyTheApiAnswersForTheSameMoment() {
        try (BrowserContext laptop = laptop()) {
            Page page = open(laptop, "");

            // T with the keyboard: Home is the day's start (six hours before it was opened), then 210 one-minute steps
            // reach 2½ hours ago: both closures seen, the walkout and the rally not yet.
            Locator slider = page.locator("[data-testid=replay-at-slider]");
            slider.focus();
            page.keyboard().press("Home");
            for (int i = 0; i < 210; i++) {
                page.keyboard().press("ArrowRight");
            }
            String at = awaitShown(page);
            assertThat(Instant.parse(at)).isBetween(seededAt.minus(151, ChronoUnit.MINUTES), seededAt.minus(149, ChronoUnit.MINUTES));
            Map<String, Long> shown = shownFigures(page);
            JsonNode api = staff.query.get("/api/days/" + day + "/tally?at=" + at, auditor).body();
            assertThat(shown).as("the tiles at T=%s", at).isEqualTo(expected(api));
            assertThat(shown.get("businesses-closed")).isEqualTo(1);
            assertThat(shown.get("businesses-partial")).isEqualTo(1);
            assertThat(shown.get("walkouts-workers")).as("the walkout was seen later").isZero();
            assertThat(shown.get("crowd-estimate")).isZero();
            String knownAt = page.locator("[data-testid=tally-known-at]").getAttribute("data-value");
            JsonNode same = staff.query.get("/api/days/" + day + "/tally?at=" + at + "&knownAt=" + knownAt, auditor).body();
            assertThat(same.path("position").asLong()).isEqualTo(Long.parseLong(page.locator("[data-testid=position]").getAttribute("data-value")));
            assertThat(page.locator("[data-testid=map]").getAttribute("data-features")).as("every subject known").isEqualTo("4");
            Chromium.screenshot(page, "auditor-replay");

            // T back to the end, K typed exactly: a second before the correction was recorded, the walkout had 40 out
            // and no verdict had been given.
            JsonNode correction = apiEvents().stream().filter(e -> e.path("type").asString().equals("WalkoutCorrected"))
                    .findFirst().orElseThrow();
            Instant recorded = Instant.parse(correction.path("recordedAt").asString());
            Instant k = recorded.truncatedTo(ChronoUnit.SECONDS);
            if (k.equals(recorded)) {
                k = k.minusSeconds(1);
            }
            slider.focus();
            page.keyboard().press("End");
            page.fill("[data-testid=replay-known-exact]", wallTime(k));
            page.locator("[data-testid=replay-known-exact]").dispatchEvent("change");
            page.waitForFunction("k => Date.parse(document.querySelector('[data-testid=tally-known-at]').dataset.value) === Date.parse(k)"
                    + " && document.querySelector('[data-testid=replay-status]').dataset.state === 'ready'", k.toString(),
                    new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            at = awaitShown(page);
            shown = shownFigures(page);
            api = staff.query.get("/api/days/" + day + "/tally?at=" + at + "&knownAt=" + k, auditor).body();
            assertThat(shown).as("the tiles at T=%s as known at K=%s", at, k).isEqualTo(expected(api));
            assertThat(shown.get("walkouts-workers")).as("before the correction").isEqualTo(40);
            assertThat(shown.get("reports-verified")).as("before the verdict").isZero();
            assertThat(page.locator("[data-testid=replay-known]").textContent()).as("K in the day's time zone").matches(".*\\b(CST|CDT)\\b.*");
            Chromium.screenshot(page, "auditor-replay-known-at");

            page.check("[data-testid=replay-mode-verified]");
            page.waitForSelector("[data-testid=tally-mode][data-value=VERIFIED]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            awaitShown(page);
            api = staff.query.get("/api/days/" + day + "/tally?at=" + at + "&knownAt=" + k + "&mode=VERIFIED", auditor).body();
            assertThat(shownFigures(page)).as("verified only").isEqualTo(expected(api));
        }
    }

    @Test
    void aReportsHistory_showsWhatItsCorrectionChanged() {
        try (BrowserContext laptop = laptop()) {
            Page page = open(laptop, "");
            page.click("[data-testid=event-row][data-type=WalkoutCorrected] [data-testid=event-history]");
            page.waitForSelector("[data-testid=history][data-state=ready][data-report-id='" + walkoutId + "']",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Locator events = page.locator("[data-testid=history-event]");
            assertThat(events.evaluateAll("items => items.map(i => i.dataset.type)")).isEqualTo(List.of("WalkoutReported", "WalkoutCorrected"));
            Locator change = page.locator("[data-testid=history-event][data-type=WalkoutCorrected] [data-testid=history-change][data-field=participants]");
            assertThat(change.locator("[data-testid=history-before]").getAttribute("data-value")).isEqualTo("40");
            assertThat(change.locator("[data-testid=history-after]").getAttribute("data-value")).isEqualTo("55");
            assertThat(change.locator("[data-testid=history-after]").textContent()).isEqualTo("55");
            assertThat((Boolean) page.evaluate("() => document.activeElement?.dataset.testid === 'history-heading'"))
                    .as("the focus moves to the history").isTrue();
            Chromium.screenshot(page, "auditor-history");
            page.setViewportSize(400, 900);
            Chromium.screenshot(page, "auditor-narrow");
            page.click("[data-testid=history-close]");
            assertThat(page.locator("[data-testid=history]").isHidden()).isTrue();
        }
    }

    @Test
    void theRebuild_runsToDoneWithEqualDigests_andTheIntegrityCheckIsOk() throws InterruptedException {
        alignLiveTablesWithTheLog();
        try (BrowserContext laptop = laptop()) {
            Page page = open(laptop, "");
            page.click("[data-testid=rebuild-start]");
            page.waitForSelector("[data-testid=rebuild-state][data-state=DONE]", new Page.WaitForSelectorOptions().setTimeout(60_000));
            Locator result = page.locator("[data-testid=rebuild-result]");
            assertThat(result.getAttribute("data-digests-equal")).as(result.textContent()).isEqualTo("true");
            assertThat(page.locator("[data-testid=rebuild-verdict]").textContent()).contains("Digests equal");
            Locator progress = page.locator("[data-testid=rebuild-progress]");
            assertThat(Long.parseLong(progress.getAttribute("data-processed"))).isPositive()
                    .isEqualTo(Long.parseLong(progress.getAttribute("data-total")));
            page.waitForSelector("[data-testid=connection-status][data-state=connected]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            page.click("[data-testid=integrity-check]");
            page.waitForSelector("[data-testid=integrity-result]:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=integrity-result]").getAttribute("data-ok")).isEqualTo("true");
            assertThat(page.locator("[data-testid=integrity-summary]").textContent()).startsWith("✓ OK");
            assertThat(page.locator("[data-testid=integrity-broken-row]").count()).isZero();
            page.locator("[data-testid=rebuild]").scrollIntoViewIfNeeded();
            Chromium.screenshot(page, "auditor-proofs");
        }
    }

    @Test
    void anEditedEvent_isShownAsABrokenLink_andTheRebuildListsWhatDiffers() throws Exception {
        alignLiveTablesWithTheLog();
        String tampered = staff.openDay("auditor-tampered");
        String walkout = UUID.randomUUID().toString();
        Api.Answer posted = staff.command.post("/api/days/" + tampered + "/reports", staff.coordinator, Map.of("reportId", walkout,
                "kind", "WALKOUT", "observedAt", Instant.now().minusSeconds(60).toString(), "workplace", Map.of("name", "Bus garage",
                        "location", Map.of("lat", 44.95, "lon", -93.29), "sector", "TRANSPORT"), "type", "WALKOUT", "participants", 40));
        assertThat(posted.status()).as(posted.raw()).isEqualTo(201);
        staff.awaitQuery(tampered, posted.body().path("position").asLong());
        String eventId = staff.query.get("/api/days/" + tampered + "/events?limit=1000", auditor).body().path("events")
                .valueStream().filter(e -> e.path("type").asString().equals("WalkoutReported")).findFirst().orElseThrow()
                .path("eventId").asString();
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
             PreparedStatement edit = db.prepareStatement("UPDATE domainevententry SET payload = convert_to(replace("
                     + "convert_from(payload, 'UTF8'), '\"participants\":40', '\"participants\":41'), 'UTF8') WHERE eventidentifier = ?")) {
            edit.setString(1, eventId);
            assertThat(edit.executeUpdate()).isEqualTo(1);
        }

        try (BrowserContext laptop = laptop()) {
            Page page = laptop.newPage();
            page.navigate(platform.queryUrl().resolve("/audit.html?day=" + tampered).toString());
            page.fill("[data-testid=token-input]", auditor);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=replay-status][data-state=ready]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            page.click("[data-testid=integrity-check]");
            page.waitForSelector("[data-testid=integrity-result][data-ok=false]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            Locator broken = page.locator("[data-testid=integrity-broken-row][data-event-id='" + eventId + "']");
            assertThat(broken.locator("[data-testid=integrity-problem]").textContent()).startsWith("content does not match its hash");
            assertThat(broken.getAttribute("data-aggregate-id")).isEqualTo(walkout);

            page.click("[data-testid=rebuild-start]");
            page.waitForSelector("[data-testid=rebuild-state][data-state=DONE]", new Page.WaitForSelectorOptions().setTimeout(60_000));
            assertThat(page.locator("[data-testid=rebuild-result]").getAttribute("data-digests-equal")).isEqualTo("false");
            assertThat(page.locator("[data-testid=rebuild-difference]").count()).isPositive();
            page.locator("[data-testid=integrity]").scrollIntoViewIfNeeded();
            Chromium.screenshot(page, "auditor-tampered");

            // The rebuilt tables, which are what the log says, now serve: a second rebuild finds them equal.
            page.click("[data-testid=rebuild-start]");
            page.waitForSelector("[data-testid=rebuild-result][data-digests-equal=true]", new Page.WaitForSelectorOptions().setTimeout(60_000));
        }
    }

    @Test
    void theAuditLink_isOfferedToAuditors_andNotToCoordinators() {
        try (BrowserContext laptop = laptop()) {
            Page page = laptop.newPage();
            page.navigate(platform.queryUrl().resolve("/?day=" + day).toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=businesses-closed][data-value]:not([data-value=''])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=nav-audit]").isHidden()).isTrue();
            page.click("[data-testid=signout-button]");
            page.fill("[data-testid=token-input]", auditor);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=nav-audit]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.click("[data-testid=nav-audit]");
            page.waitForSelector("[data-testid=replay-status][data-state=ready]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));

            Page refused = laptop.newPage();
            refused.navigate(platform.queryUrl().resolve("/audit.html?day=" + day).toString());
            refused.evaluate("() => sessionStorage.clear()");
            refused.reload();
            refused.fill("[data-testid=token-input]", staff.coordinator);
            refused.click("[data-testid=signin-submit]");
            refused.waitForSelector("[data-testid=signin-error]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(refused.locator("[data-testid=signin-error]").textContent()).contains("auditor or admin token");
        }
    }

    /**
     * Other classes on the same platform (AuditIT) edit and delete stored events on purpose, after which the first
     * rebuild rightly finds differences and makes the live tables what the log says. One rebuild over the API first,
     * so that the page's rebuild starts from live tables that match the log, whichever classes ran before.
     */
    private void alignLiveTablesWithTheLog() throws InterruptedException {
        Api.Answer started = staff.query.post("/api/projections/rebuild", auditor, "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (staff.query.get("/api/projections/rebuild/" + started.body().path("jobId").asString(), auditor).body()
                .path("state").asString().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("the preliminary rebuild ends within a minute").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aSpanishBrowser_seesTheReplaysStatusAndTheLogsButtonsInSpanish() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000).setLocale("es-ES"))) {
            Page page = open(context, "");
            assertThat(page.locator("html").getAttribute("lang")).isEqualTo("es");
            assertThat(page.locator("[data-testid=replay-status]").textContent()).startsWith("Se muestran las cifras del");
            assertThat(page.locator("[data-testid=event-history]").first().textContent()).isEqualTo("Historial");
            assertThat(page.locator("[data-testid=event-summary]").allTextContents()).contains("Se abrió la jornada");
        }
    }

    // --- the page -------------------------------------------------------------------------------------------------

    private BrowserContext laptop() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000).setLocale("en-US").setAcceptDownloads(true));
    }

    /** Opens the audit page of the day, signs in as the auditor, and waits for the log's first page and the replay. */
    private Page open(BrowserContext context, String extraQuery) {
        Page page = context.newPage();
        page.navigate(platform.queryUrl().resolve("/audit.html?day=" + day + extraQuery).toString());
        page.fill("[data-testid=token-input]", auditor);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=replay-status][data-state=ready]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=event-row]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        return page;
    }

    /** Clicks "Load more" until the page says it holds the whole log; answers how many pages that took. */
    private static int loadWholeLog(Page page) {
        int pages = 1;
        while ("false".equals(page.locator("[data-testid=log-count]").getAttribute("data-complete"))) {
            String loaded = page.locator("[data-testid=log-count]").getAttribute("data-loaded");
            page.click("[data-testid=log-more]");
            page.waitForFunction("n => document.querySelector('[data-testid=log-count]').dataset.loaded !== n", loaded,
                    new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
            pages++;
        }
        assertThat(page.locator("[data-testid=log-more]").isHidden()).isTrue();
        return pages;
    }

    /** Waits until the figures shown are the answer for the T the page asked about; answers that T. */
    private static String awaitShown(Page page) {
        page.waitForFunction("() => document.querySelector('[data-testid=replay-status]').dataset.state === 'ready'"
                + " && Date.parse(document.querySelector('[data-testid=tally-at]').dataset.value)"
                + " === Date.parse(document.querySelector('[data-testid=replay-at]').dataset.value)", null,
                new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
        return page.locator("[data-testid=tally-at]").getAttribute("data-value");
    }

    private static List<String> types(Page page) {
        List<String> types = new ArrayList<>();
        for (Object type : (List<?>) page.locator("[data-testid=event-row]").evaluateAll("rows => rows.map(r => r.dataset.type)")) {
            types.add((String) type);
        }
        return types;
    }

    private static Map<String, Long> shownFigures(Page page) {
        Map<String, Long> shown = new LinkedHashMap<>();
        FIGURES.keySet().forEach(testId -> {
            String value = page.locator("[data-testid=" + testId + "]").getAttribute("data-value");
            shown.put(testId, value == null || value.isEmpty() ? null : Long.parseLong(value));
        });
        return shown;
    }

    private static Map<String, Long> expected(JsonNode tally) {
        Map<String, Long> expected = new LinkedHashMap<>();
        FIGURES.forEach((testId, path) -> {
            JsonNode node = tally;
            for (String name : path.split("\\.")) {
                node = node.path(name);
            }
            assertThat(node.isNumber()).as("%s in %s", path, tally).isTrue();
            expected.put(testId, node.asLong());
        });
        return expected;
    }

    private static Map<String, String> figures() {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String kind : List.of("closed", "partial", "open")) {
            figures.put("businesses-" + kind, "businesses." + kind);
        }
        for (String kind : List.of("workers", "workplaces", "students")) {
            figures.put("walkouts-" + kind, "walkouts." + kind);
        }
        for (String kind : List.of("estimate", "low", "high", "rallies", "peak")) {
            figures.put("crowd-" + kind, "crowd." + kind);
        }
        for (String kind : List.of("total", "verified", "disputed", "retracted")) {
            figures.put("reports-" + kind, "reports." + kind);
        }
        return figures;
    }

    // --- the API --------------------------------------------------------------------------------------------------

    /** Every event of the day's log, as the API pages it. */
    private List<JsonNode> apiEvents() {
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = staff.query.get("/api/days/" + day + "/events?after=" + after + "&limit=1000", auditor).body();
            page.path("events").forEach(events::add);
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return events;
            }
            after = page.path("next").asLong();
        }
    }

    private JsonNode post(String token, Map<String, Object> report) {
        Api.Answer answer = staff.command.post("/api/days/" + day + "/reports", token, report);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.body();
    }

    private String ago(int minutes) {
        return seededAt.minus(minutes, ChronoUnit.MINUTES).toString();
    }

    /**
     * An instant as the day's clocks show it, for a datetime-local field, in the field's own normal form: the
     * browser drops ":00" seconds from the value, and Playwright refuses a fill whose value the field does not keep.
     */
    private static String wallTime(Instant instant) {
        LocalDateTime wall = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), CHICAGO);
        return wall.format(DateTimeFormatter.ofPattern(wall.getSecond() == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss"));
    }
}
