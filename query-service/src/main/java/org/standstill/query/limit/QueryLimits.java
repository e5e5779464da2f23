package org.standstill.query.limit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.standstill.platform.Problems;
import org.standstill.platform.RateLimits;
import org.standstill.platform.RateLimits.Rate;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What one caller may ask of the query API ({@code standstill.limits}, defaults in {@code application.yml}): requests
 * at a rate per token, or per client address without one (429 with {@code Retry-After} beyond); and, for everyone
 * together, a bounded number of expensive views evaluated at once — a timeline, a tally or a map at a moment other
 * than now, an integrity check — so that no caller can take the cores the live figures need (429 when they are all
 * taken for a moment). The base map's tiles and the pages' configuration are not limited.
 */
@Component
@EnableConfigurationProperties(QueryLimits.Settings.class)
public class QueryLimits {

    /**
     * @param reporter          the rate of each REPORTER token
     * @param staff             the rate of each COORDINATOR, AUDITOR or ADMIN token
     * @param anonymous         the rate of each client address calling without a token
     * @param expensiveInFlight expensive views evaluated at once, across all callers
     */
    @ConfigurationProperties("standstill.limits")
    record Settings(Rate reporter, Rate staff, Rate anonymous, int expensiveInFlight) {

        Settings {
            if (reporter == null || staff == null || anonymous == null || expensiveInFlight < 1) {
                throw new IllegalStateException(
                        "standstill.limits needs reporter, staff and anonymous rates and expensive-in-flight of at least 1");
            }
        }
    }

    /** How long an expensive view waits for a turn before it is refused. */
    static final long WAIT_MILLIS = 250;
    private static final Pattern TIMELINE_OR_INTEGRITY = Pattern.compile("/api/days/[^/]+/(timeline|integrity)");
    private static final Pattern TALLY_OR_MAP = Pattern.compile("/api/days/[^/]+/(tally|map)");

    private final RateLimits rates;
    private final Semaphore expensive;
    private final int expensiveInFlight;

    QueryLimits(Settings settings) {
        this.rates = new RateLimits(settings.reporter(), settings.staff(), settings.anonymous(), QueryLimits::limited);
        this.expensive = new Semaphore(settings.expensiveInFlight());
        this.expensiveInFlight = settings.expensiveInFlight();
    }

    /** To run once the caller is authenticated (or known to have no token). */
    public jakarta.servlet.Filter rateLimit() {
        return rates;
    }

    /** To run once the caller is authorized: a turn for an expensive view. */
    public jakarta.servlet.Filter expensiveViews() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isExpensive(request);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                boolean turn;
                try {
                    turn = expensive.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    turn = false;
                }
                if (!turn) {
                    response.setHeader("Retry-After", "1");
                    Problems.write(response, 429, "/problems/too-many-requests", "Too Many Requests",
                            "Every one of the " + expensiveInFlight + " turns for views at another moment is taken; "
                                    + "retry after 1 s");
                    return;
                }
                try {
                    chain.doFilter(request, response);
                } finally {
                    expensive.release();
                }
            }
        };
    }

    static boolean limited(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/api/") && !path.startsWith("/api/tiles/") && !path.equals("/api/config");
    }

    static boolean isExpensive(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "GET".equals(request.getMethod()) && (TIMELINE_OR_INTEGRITY.matcher(path).matches()
                || TALLY_OR_MAP.matcher(path).matches()
                && (request.getParameter("at") != null || request.getParameter("knownAt") != null));
    }
}
