package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Geolocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core on every page in the states people see it — signed out, signed in, with a day full of reports, a report's
 * history open, joined as a reporter, a join refused — on a desktop in light and dark mode and on a 390×844 phone,
 * against the WCAG 2.0, 2.1 and 2.2 A and AA rules, and no page wider than its screen (reflow). Any violation fails,
 * with every one listed. Each state is saved as a screenshot.
 */
class AccessibilityBrowserIT extends BrowserTest {

    static final double WAIT_MS = 15_000;

    String day;
    String auditor;
    String campaign;

    /** One way of seeing the pages: a name for the screenshots and the browser's options. */
    record Viewer(String name, Browser.NewContextOptions options) {
    }

    final List<Viewer> viewers = List.of(
            new Viewer("desktop", new Browser.NewContextOptions().setViewportSize(1440, 1000)),
            new Viewer("desktop-dark", new Browser.NewContextOptions().setViewportSize(1440, 1000)
                    .setColorScheme(ColorScheme.DARK)),
            new Viewer("phone", new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true)
                    .setHasTouch(true).setDeviceScaleFactor(2).setGeolocation(new Geolocation(44.9483, -93.26))
                    .setPermissions(List.of("geolocation"))));

    @BeforeAll
    void start() {
        auditor = staff.token("AUDITOR", "accessibility auditor");
        day = staff.openDay("accessible");
        staff.closure(day, "Karmel Mall", 44.9530, -93.2875, "CLOSED");
        staff.closure(day, "Midtown Global Market", 44.9480, -93.2600, "PARTIAL");
        staff.walkout(day, "Abbott Northwestern", 44.9527, -93.2621, 120);
        staff.headcount(day, staff.coordinator, "Target Center rally", 44.9795, -93.2761, 5_000, "COUNTED", Duration.ofMinutes(9));
        staff.headcount(day, staff.token("COORDINATOR", "second"), "Target Center rally", 44.9795, -93.2761, 6_000,
                "DENSITY_ESTIMATE", Duration.ofMinutes(6));
        staff.headcount(day, staff.token("COORDINATOR", "third"), "Target Center rally", 44.9795, -93.2761, 5_000_000,
                "ORGANIZER_CLAIM", Duration.ofMinutes(3));
        staff.headcount(day, staff.coordinator, "Capitol vigil", 44.9551, -93.1022, 800, "COUNTED", Duration.ofMinutes(2));
        campaign = "accessible-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        assertThat(staff.command.post("/api/campaigns", staff.coordinator, java.util.Map.of("id", campaign, "name",
                "May Day")).status()).isEqualTo(201);
        java.time.Instant now = java.time.Instant.now();
        String cityDay = campaign + "-nyc";
        assertThat(staff.command.post("/api/days", staff.coordinator, java.util.Map.of("id", cityDay, "name", "May Day",
                "city", "New York", "timeZone", "America/New_York", "startsAt", now.minus(Duration.ofHours(6)).toString(),
                "endsAt", now.plus(Duration.ofHours(12)).toString(), "location", java.util.Map.of("lat", 40.75, "lon", -73.99),
                "campaignId", campaign)).status()).isEqualTo(201);
        assertThat(staff.command.post("/api/days/" + cityDay + "/opening", staff.coordinator, "").status()).isEqualTo(200);
        staff.headcount(cityDay, staff.coordinator, "Union Square rally", 40.7359, -73.9911, 900, "COUNTED", Duration.ofMinutes(4));
    }

    @Test
    void everyPage_inEveryStateItIsSignedInOrOutIn_hasNoWcag22AaViolation() {
        List<String> violations = new ArrayList<>();
        for (Viewer viewer : viewers) {
            try (BrowserContext context = browser.newContext(viewer.options())) {
                Page page = context.newPage();
                Consumer<String> check = state -> {
                    Chromium.screenshot(page, "a11y-" + state + "-" + viewer.name());
                    Axe.violations(page).forEach(v -> violations.add(state + " (" + viewer.name() + "): " + v));
                    // WCAG 1.4.10 (reflow), which axe cannot see: nothing makes the page wider than the screen.
                    Object wider = page.evaluate("() => { const w = document.documentElement.clientWidth;"
                            + " const e = [...document.querySelectorAll('body *')].find(e => e.getBoundingClientRect().right > w + 1"
                            + " && !e.closest('.table-wrap, .leaflet-container'));"
                            + " return document.documentElement.scrollWidth > w ? `${document.documentElement.scrollWidth} px wide"
                            + " on a ${w} px screen, first ${e?.tagName}.${e?.className} ${e?.dataset?.testid ?? ''}` : null; }");
                    if (wider != null) {
                        violations.add(state + " (" + viewer.name() + "): reflow: the page is " + wider);
                    }
                };
                dashboard(page, check);
                planning(page, check);
                audit(page, check);
                national(page, check);
                reporter(page, check);
            }
        }
        assertThat(violations).as("axe-core violations of WCAG 2.2 AA").isEmpty();
    }

    @Test
    void axe_reportsTheViolationsOfAPageThatHasSome_soThatNoneFoundMeansNone() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.setContent("<!doctype html><html><head><title>t</title></head><body><main>"
                    + "<img src='data:,'><button></button><p style='color:#777;background:#888'>faint</p>"
                    + "<a href='#' style='display:inline-block;width:8px;height:8px'></a><a href='#' "
                    + "style='display:inline-block;width:8px;height:8px'></a></main></body></html>");
            List<String> found = Axe.violations(page);
            assertThat(found).anyMatch(v -> v.startsWith("image-alt"));
            assertThat(found).anyMatch(v -> v.startsWith("button-name"));
            assertThat(found).anyMatch(v -> v.startsWith("color-contrast"));
            assertThat(found).anyMatch(v -> v.startsWith("html-has-lang"));
        }
    }

    @Test
    void zoneOutlines_inDarkMode_standOutFromTheMapBehindThem_byAtLeastThreeToOne() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000)
                .setColorScheme(ColorScheme.DARK))) {
            Page page = context.newPage();
            page.navigate(platform.queryUrl().resolve("/?day=" + day).toString());
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("path.zone-shape:not(.zone-empty)", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("path.zone-empty", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            @SuppressWarnings("unchecked")
            List<Number> ratios = (List<Number>) page.evaluate("""
                    () => {
                      const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
                      const lum = (c) => { const [r, g, b] = rgb(c).map(v => { v /= 255;
                        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
                      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
                      const map = getComputedStyle(document.querySelector('[data-testid=map]')).backgroundColor;
                      return [...document.querySelectorAll('path.zone-shape')].map(p => ratio(getComputedStyle(p).stroke, map));
                    }""");
            assertThat(ratios).hasSizeGreaterThanOrEqualTo(2);
            assertThat(ratios).allSatisfy(r -> assertThat(r.doubleValue()).isGreaterThanOrEqualTo(3.0));
            Chromium.screenshot(page, "dashboard-dark-zones");
        }
    }

    private void dashboard(Page page, Consumer<String> check) {
        page.navigate(platform.queryUrl().resolve("/?day=" + day).toString());
        page.waitForSelector("[data-testid=signin]:not([hidden])");
        check.accept("dashboard-signin");
        page.fill("[data-testid=token-input]", staff.coordinator);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=connection-status][data-state=connected]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=feed-item][data-flags~=outlier]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=timeline-chart][data-points]");
        check.accept("dashboard");
        page.click("[data-testid=signout-button]");
    }

    private void planning(Page page, Consumer<String> check) {
        page.navigate(platform.queryUrl().resolve("/plan.html").toString());
        page.waitForSelector("[data-testid=signin]:not([hidden])");
        page.fill("[data-testid=token-input]", staff.coordinator);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=planning]:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=plan-days] tr");
        check.accept("planning");
        page.fill("[data-testid=plan-id]", "X");
        page.press("[data-testid=plan-id]", "Enter");
        page.waitForSelector("[data-error-for=id]:not([hidden])");
        check.accept("planning-errors");
        page.click("[data-testid=signout-button]");
    }

    private void audit(Page page, Consumer<String> check) {
        page.navigate(platform.queryUrl().resolve("/audit.html?day=" + day).toString());
        page.waitForSelector("[data-testid=signin]:not([hidden])");
        check.accept("audit-signin");
        page.fill("[data-testid=token-input]", auditor);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=replay-status][data-state=ready]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=event-row]");
        check.accept("audit");
        page.locator("[data-testid=event-row][data-type=HeadcountReported] [data-testid=event-history]").last().click();
        page.waitForSelector("[data-testid=history][data-state=ready]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        check.accept("audit-history");
        page.click("[data-testid=signout-button]");
    }

    private void national(Page page, Consumer<String> check) {
        page.navigate(platform.queryUrl().resolve("/national.html?campaign=" + campaign).toString());
        page.waitForSelector("[data-testid=signin]:not([hidden])");
        page.fill("[data-testid=token-input]", auditor);
        page.click("[data-testid=signin-submit]");
        page.waitForSelector("[data-testid=national-crowd][data-value='900']", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=city-row]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForSelector("[data-testid=campaign-audit]:not([hidden])");
        check.accept("national");
        page.click("[data-testid=signout-button]");
    }

    private void reporter(Page page, Consumer<String> check) {
        page.navigate(platform.queryUrl().resolve("/report.html").toString());
        page.waitForSelector("[data-testid=invite-code]");
        check.accept("join");
        page.fill("[data-testid=invite-code]", "ABCDE-FGH0O");
        page.click("[data-testid=join-submit]");
        page.waitForSelector("[data-testid=join-error]:not([hidden])");
        assertThat(page.locator("[data-testid=join-error]").textContent()).contains("“0”").contains("“O”")
                .doesNotContain("10 characters");
        check.accept("join-refused");
        page.fill("[data-testid=invite-code]", staff.invites(day, 1).get(0));
        page.click("[data-testid=join-submit]");
        page.waitForSelector("[data-testid=reporter]:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
        page.waitForFunction("() => document.querySelector('[data-testid=day-zone]').dataset.timeZone === 'America/Chicago'",
                null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
        assertThat(page.locator("[data-testid=day-zone]").textContent()).contains("America/Chicago");
        check.accept("reporter");
    }
}
