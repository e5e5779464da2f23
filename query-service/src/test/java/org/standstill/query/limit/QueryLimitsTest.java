package org.standstill.query.limit;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.standstill.platform.RateLimits.Rate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class QueryLimitsTest {

    private final QueryLimits limits = new QueryLimits(new QueryLimits.Settings(new Rate(20, 60), new Rate(500, 1000),
            new Rate(20, 100), 1));

    @Test
    void viewsAtAnotherMoment_areExpensive_andTheLiveOnesAreNot() {
        assertThat(QueryLimits.isExpensive(get("/api/days/d/timeline", null))).isTrue();
        assertThat(QueryLimits.isExpensive(get("/api/days/d/integrity", null))).isTrue();
        assertThat(QueryLimits.isExpensive(get("/api/days/d/tally", "knownAt"))).isTrue();
        assertThat(QueryLimits.isExpensive(get("/api/days/d/map", "at"))).isTrue();
        assertThat(QueryLimits.isExpensive(get("/api/days/d/tally", null))).isFalse();
        assertThat(QueryLimits.isExpensive(get("/api/days/d/map", null))).isFalse();
        assertThat(QueryLimits.isExpensive(get("/api/days/d/reports", "at"))).isFalse();
    }

    @Test
    void tilesAndThePagesConfiguration_areNotRateLimited() {
        assertThat(QueryLimits.limited(get("/api/tiles/3/4/5", null))).isFalse();
        assertThat(QueryLimits.limited(get("/api/config", null))).isFalse();
        assertThat(QueryLimits.limited(get("/api/days/d/tally", null))).isTrue();
    }

    @Test
    void anExpensiveViewBeyondTheTurns_isRefusedWith429_andATurnGivenBack_servesTheNext() throws Exception {
        Filter gate = limits.expensiveViews();
        CountDownLatch evaluating = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                gate.doFilter(get("/api/days/d/timeline", null), new MockHttpServletResponse(), (request, response) -> {
                    evaluating.countDown();
                    try {
                        done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(evaluating.await(10, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse refused = new MockHttpServletResponse();
        gate.doFilter(get("/api/days/d/tally", "at"), refused, (request, response) -> {
            throw new AssertionError("evaluated while every turn was taken");
        });
        done.countDown();
        first.get(10, TimeUnit.SECONDS);
        MockHttpServletResponse served = new MockHttpServletResponse();
        boolean[] evaluated = {false};
        gate.doFilter(get("/api/days/d/tally", "at"), served, (request, response) -> evaluated[0] = true);

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString()).contains("/problems/too-many-requests");
        assertThat(evaluated[0]).as("the next view, once the turn was given back").isTrue();
    }

    private static MockHttpServletRequest get(String path, String parameter) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (parameter != null) {
            request.setParameter(parameter, "2026-01-23T18:00:00Z");
        }
        return request;
    }
}
