package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's dashboard in headless Chromium against the real services: a closure posted by another client
 * reaches the map and the tiles within a second, a Verify click changes the verified figure, "verified only" switches
 * the figures to VERIFIED mode, and after a dropped connection the page reconnects and catches up without a reload.
 */
class CoordinatorDashboardBrowserIT extends BrowserTest {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorDashboardBrowserIT.class);
    static final Duration LIVE_WITHIN = Duration.ofSeconds(1);
    static final double WAIT_MS = 15_000;


    @Test
    void aClosurePostedElsewhere_isOnTheMapAndInTheTilesWithinASecond_andAVerifyClickCounts() {
        String day = staff.openDay("dashboard");
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = signIn(laptop, day);

            Api.Answer posted = staff.closure(day, "Karmel Mall", 44.9800, -93.2700, "CLOSED");
            long answered = System.nanoTime();
            String subjectId = posted.body().path("subjectId").asString();
            String reportId = posted.body().path("reportId").asString();
            page.waitForFunction("id => document.querySelector('[data-testid=businesses-closed]').dataset.value === '1'"
                    + " && !!document.querySelector(`[data-testid=map-marker][data-subject-id=\"${id}\"]`)", subjectId,
                    new Page.WaitForFunctionOptions().setPollingInterval(10).setTimeout(WAIT_MS));
            Duration took = Duration.ofNanos(System.nanoTime() - answered);
            log.info("The closure was on the map and in the tiles {} ms after the POST was answered", took.toMillis());
            assertThat(took).as("from the POST's answer to the map and the tiles").isLessThanOrEqualTo(LIVE_WITHIN);
            assertThat(page.locator("[data-testid=map-marker][data-subject-id=\"" + subjectId + "\"]").getAttribute("data-status"))
                    .isEqualTo("CLOSED");

            Locator item = page.locator("[data-testid=feed-item][data-report-id='" + reportId + "']");
            item.waitFor();
            assertThat(page.locator("[data-testid=reports-verified]").getAttribute("data-value")).isEqualTo("0");
            item.locator("[data-testid=verify-button]").click();
            page.waitForSelector("[data-testid=reports-verified][data-value='1']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=feed-item][data-report-id='" + reportId + "'][data-verdict=VERIFIED]");

            // A second closure, not verified: "verified only" counts only the first.
            staff.closure(day, "Midtown Global Market", 44.9480, -93.2600, "CLOSED");
            page.waitForSelector("[data-testid=businesses-closed][data-value='2']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=timeline-chart][data-points]");
            Chromium.screenshot(page, "dashboard");
            page.check("[data-testid=filter-verified]");
            page.waitForSelector("[data-testid=businesses-closed][data-value='1']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=map-marker][data-subject-id=\"" + subjectId + "\"]");
            assertThat(page.locator("[data-testid=map-marker]").count()).as("only the verified closure's place").isEqualTo(1);
            assertThat(page.locator("[data-testid=feed-item]").count()).isEqualTo(1);
            assertThat(page.locator("[data-testid=feed-item]").getAttribute("data-verdict")).isEqualTo("VERIFIED");
            Chromium.screenshot(page, "dashboard-verified-only");
        }
    }

    @Test
    void afterADroppedConnection_theDashboardReconnects_andCatchesUpWithoutAReload() {
        String day = staff.openDay("reconnect");
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000))) {
            Page page = signIn(laptop, day);
            page.evaluate("() => { window.sameDocument = true; }");

            laptop.setOffline(true);
            page.waitForSelector("[data-testid=connection-status][data-state=reconnecting]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=stale-note]");
            Api.Answer posted = staff.closure(day, "Hmongtown Marketplace", 44.9766, -93.1077, "CLOSED");
            StaffClient.sleep(1500);
            assertThat(page.locator("[data-testid=businesses-closed]").getAttribute("data-value"))
                    .as("nothing reaches a page with no network").isEqualTo("0");
            Chromium.screenshot(page, "dashboard-reconnecting");

            laptop.setOffline(false);
            page.waitForSelector("[data-testid=connection-status][data-state=connected]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=businesses-closed][data-value='1']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=feed-item][data-report-id='" + posted.body().path("reportId").asString() + "']",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.evaluate("() => window.sameDocument === true")).as("caught up without a reload").isEqualTo(true);
            assertThat(page.locator("[data-testid=stale-note]").isHidden()).isTrue();
        }
    }

    @Test
    void aSpanishBrowser_seesTheFeedTheMapPopupAndTheConnectionInSpanish() {
        String day = staff.openDay("dashboard-es");
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000).setLocale("es-ES"))) {
            Page page = signIn(laptop, day);
            assertThat(page.locator("html").getAttribute("lang")).isEqualTo("es");
            assertThat(page.locator("[data-testid=connection-status]").textContent()).isEqualTo("En directo");

            Api.Answer posted = staff.closure(day, "Karmel Mall", 44.9800, -93.2700, "CLOSED");
            String subjectId = posted.body().path("subjectId").asString();
            Locator item = page.locator("[data-testid=feed-item][data-report-id='" + posted.body().path("reportId").asString() + "']");
            item.waitFor(new Locator.WaitForOptions().setTimeout(WAIT_MS));
            assertThat(item.locator("[data-testid=verify-button]").textContent()).isEqualTo("Verificar");
            assertThat(item.locator("[data-testid=dispute-button]").textContent()).isEqualTo("Impugnar");
            assertThat(item.locator("[data-testid=feed-verdict]").textContent()).isEqualTo("Sin revisar");
            assertThat(item.textContent()).contains("Cierre").contains("Visto a las").doesNotContain("Seen");

            page.click("[data-testid=map-marker][data-subject-id=\"" + subjectId + "\"]");
            String popup = page.locator("[data-testid=map-popup]").textContent();
            assertThat(popup).contains("Qué").contains("Negocio").contains("Estado").contains("Cerrado").contains("Informes")
                    .doesNotContain("What").doesNotContain("Business");
            Chromium.screenshot(page, "dashboard-es");
        }
    }

    /** Opens the dashboard of `day`, signs in as the coordinator, and waits until it is live and shows the day. */
    private Page signIn(BrowserContext context, String day) {
        Page page = context.newPage();
        page.navigate(platform.queryUrl().resolve("/?day=" + day).toString());
        page.fill("[data-testid=token-input]", staff.coordinator);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=connection-status][data-state=connected]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=businesses-closed][data-value='0']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        StaffClient.sleep(300); // the SUBSCRIBE frames follow CONNECTED; let the broker register them
        return page;
    }
}
