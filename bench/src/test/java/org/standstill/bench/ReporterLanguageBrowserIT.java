package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Geolocation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporter's page in the reporter's language: the browser's language is chosen by default (a Somali browser gets
 * the Somali page), the visible switch changes the page's text and {@code <html lang>} and is remembered, the
 * catalogs work with no network (the service worker keeps them), and the server's problems are shown by their type in
 * the chosen language. Expected texts come from the catalogs themselves, so the test follows their wording.
 */
class ReporterLanguageBrowserIT extends BrowserTest {

    static final double WAIT_MS = 20_000;


    @Test
    void aBrowserWhoseLanguageIsSomali_getsTheSomaliReporterPage() {
        String day = staff.openDay("somali");
        List<String> codes = staff.invites(day, 2);
        JsonNode so = catalog("so");
        for (boolean phone : List.of(true, false)) {
            try (BrowserContext context = browser.newContext(viewport(new Browser.NewContextOptions().setLocale("so-SO"), phone))) {
                Page page = context.newPage();
                page.navigate(reportPage());
                page.waitForSelector("html[lang=so]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
                assertThat(page.locator("#join-heading").textContent()).isEqualTo(text(so, "join.heading"));
                assertThat(page.locator("[data-testid=join-submit]").textContent()).isEqualTo(text(so, "join.submit"));
                assertThat(page.locator("[data-testid=language-switch]").inputValue()).isEqualTo("so");

                join(page, codes.get(phone ? 0 : 1));
                assertThat(page.locator("[data-testid=locate-button]").textContent()).isEqualTo(text(so, "reporter.where.locate"));
                assertThat(page.locator("[data-testid=submit-report]").textContent()).isEqualTo(text(so, "reporter.form.send"));
                assertThat(page.locator("[data-testid=sector-select] option[value=HEALTHCARE]").textContent())
                        .isEqualTo(text(so, "enum.sector.HEALTHCARE"));
                Chromium.screenshot(page, phone ? "reporter-somali-phone" : "reporter-somali-desktop");
            }
        }
    }

    @Test
    void switchingLanguageOnTheReporterPage_changesItsTextAndLang_andIsRemembered_evenOffline() {
        String day = staff.openDay("switch");
        String code = staff.invites(day, 1).get(0);
        JsonNode en = catalog("en");
        JsonNode es = catalog("es");
        JsonNode hmn = catalog("hmn");
        try (BrowserContext context = browser.newContext(viewport(new Browser.NewContextOptions().setLocale("en-US"), true))) {
            Page page = context.newPage();
            join(page, code);
            assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
            assertThat(page.locator("[data-testid=locate-button]").textContent()).isEqualTo(text(en, "reporter.where.locate"));

            page.selectOption("[data-testid=language-switch]", "es");
            page.waitForSelector("html[lang=es]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=reporter]:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("html").getAttribute("dir")).isEqualTo("ltr");
            assertThat(page.locator("[data-testid=locate-button]").textContent()).isEqualTo(text(es, "reporter.where.locate"));
            assertThat(page.locator("#mine-heading").textContent()).isEqualTo(text(es, "reporter.mine.heading"));
            assertThat(page.locator("[data-testid=net-status]").textContent()).isEqualTo(text(es, "reporter.net.online"));
            Chromium.screenshot(page, "reporter-spanish-phone");

            page.navigate(reportPage()); // remembered: an English browser keeps the Spanish page
            page.waitForSelector("html[lang=es]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=submit-report]").textContent()).isEqualTo(text(es, "reporter.form.send"));

            // With no network the page and every catalog come from the service worker.
            page.evaluate("() => navigator.serviceWorker.ready.then(() => true)");
            context.setOffline(true);
            page.selectOption("[data-testid=language-switch]", "hmn");
            page.waitForSelector("html[lang=hmn]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.waitForSelector("[data-testid=reporter]:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=locate-button]").textContent()).isEqualTo(text(hmn, "reporter.where.locate"));
            assertThat(page.locator("[data-testid=net-status]").textContent()).isEqualTo(text(hmn, "reporter.net.offline"));
        }
    }

    @Test
    void aServersProblem_isShownByItsTypeInTheChosenLanguage() {
        String day = staff.openDay("problem");
        String code = staff.invites(day, 1).get(0);
        JsonNode es = catalog("es");
        try (BrowserContext first = browser.newContext(viewport(new Browser.NewContextOptions(), false))) {
            join(first.newPage(), code);
        }
        try (BrowserContext context = browser.newContext(viewport(new Browser.NewContextOptions().setLocale("es-MX"), false))) {
            Page page = context.newPage();
            page.navigate(reportPage());
            page.waitForSelector("html[lang=es]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            page.fill("[data-testid=invite-code]", code);
            page.click("[data-testid=join-submit]");
            page.waitForSelector("[data-testid=join-error]:not([hidden])", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(page.locator("[data-testid=join-error]").textContent())
                    .as("the used code's problem (/problems/invite-used) in Spanish")
                    .isEqualTo(text(es, "problem.invite-used"));
            Chromium.screenshot(page, "reporter-spanish-desktop-join-refused");
        }
        try (BrowserContext context = browser.newContext(viewport(new Browser.NewContextOptions().setLocale("es"), false))) {
            Page page = context.newPage();
            join(page, staff.invites(day, 1).get(0));
            page.waitForSelector("html[lang=es]");
            Chromium.screenshot(page, "reporter-spanish-desktop");
        }
    }

    private void join(Page page, String code) {
        if (!page.url().endsWith("/report.html")) {
            page.navigate(reportPage());
        }
        page.fill("[data-testid=invite-code]", code);
        page.click("[data-testid=join-submit]");
        page.waitForSelector("[data-testid=reporter]", new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
    }

    private String reportPage() {
        return platform.queryUrl().resolve("/report.html").toString();
    }

    private static Browser.NewContextOptions viewport(Browser.NewContextOptions options, boolean phone) {
        options.setGeolocation(new Geolocation(44.9483, -93.2600)).setPermissions(List.of("geolocation"));
        return phone
                ? options.setViewportSize(390, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2)
                : options.setViewportSize(1280, 900);
    }

    static JsonNode catalog(String language) {
        Path file = Platform.home().resolve("web-ui/src/main/resources/static/i18n").resolve(language + ".json");
        try {
            return Api.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("No catalog " + file, e);
        }
    }

    static String text(JsonNode catalog, String key) {
        JsonNode value = catalog.path(key);
        assertThat(value.isString()).as("catalog has %s", key).isTrue();
        return value.asString();
    }
}
