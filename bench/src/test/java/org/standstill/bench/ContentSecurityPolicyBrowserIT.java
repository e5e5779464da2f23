package org.standstill.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages under their Content-Security-Policy: every page says what it may load (scripts and styles from here only,
 * connections to here and to the command service) and sends no referrer, and the live dashboard — its map, its
 * WebSocket, its calls to the command service — works under it without one violation; the command service answers
 * browsers from the pages' host only.
 */
class ContentSecurityPolicyBrowserIT extends BrowserTest {

    static final double WAIT_MS = 15_000;
    /** Each violation the page reports, as "directive blocked-URI". */
    static final String RECORD_VIOLATIONS = """
            window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));""";


    @Test
    void everyPage_hasItsPolicy_andTheLiveDashboardWorksUnderIt_withoutAViolation() {
        String day = staff.openDay("csp");
        try (BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            laptop.addInitScript(RECORD_VIOLATIONS);
            Page page = laptop.newPage();
            Response dashboard = page.navigate(platform.queryUrl().resolve("/?day=" + day).toString());
            String policy = dashboard.headerValue("content-security-policy");
            assertThat(policy).contains("script-src 'self'", "style-src 'self'", "object-src 'none'",
                    "frame-ancestors 'none'", "connect-src 'self'", origin(platform.commandUrl()));
            assertThat(dashboard.headerValue("referrer-policy")).isEqualTo("no-referrer");
            page.fill("[data-testid=token-input]", staff.coordinator);
            page.click("[data-testid=signin-submit]");
            page.waitForSelector("[data-testid=connection-status][data-state=connected]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            StaffClient.sleep(300);
            String subjectId = staff.closure(day, "Karmel Mall", 44.9800, -93.2700, "CLOSED").body()
                    .path("subjectId").asString();
            page.waitForSelector("[data-testid=map-marker][data-subject-id=\"" + subjectId + "\"]",
                    new Page.WaitForSelectorOptions().setTimeout(WAIT_MS));
            assertThat(violations(page)).as("violations on the dashboard").isEmpty();

            for (String other : List.of("/plan.html", "/audit.html", "/report.html")) {
                Response answer = page.navigate(platform.queryUrl().resolve(other).toString());
                page.waitForLoadState();
                assertThat(answer.headerValue("content-security-policy")).as(other).contains("script-src 'self'");
                assertThat(violations(page)).as("violations on " + other).isEmpty();
            }
        }
    }

    @Test
    void theCommandService_answersBrowsersFromThePagesHost_andNoOther() throws Exception {
        String pages = origin(platform.queryUrl());

        assertThat(preflight(pages)).as("from the pages' own origin").isEqualTo(pages);
        assertThat(preflight("http://evil.example")).as("from another site").isNull();
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(Page page) {
        return (List<String>) page.evaluate("() => window.__violations");
    }

    /** The Access-Control-Allow-Origin a browser would get before POSTing a report from {@code origin}. */
    private String preflight(String origin) throws Exception {
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        platform.commandUrl().resolve("/api/days/any/reports"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(), HttpResponse.BodyHandlers.discarding());
        return answer.headers().firstValue("Access-Control-Allow-Origin").orElse(null);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
