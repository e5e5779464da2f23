package org.standstill.command.limit;

import org.standstill.platform.Problems;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.standstill.command.limit.LimitProperties.Rate;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per token subject (or per client address for callers without a token), in memory:
 * a request over the rate is refused with 429 and {@code Retry-After} before anything is read or stored.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private static final Duration FORGET_EVERY = Duration.ofMinutes(1);

    /** A caller's bucket; a full one is the same as a new one, so it can be forgotten. */
    private record Limited(Bucket bucket, long burst) {
    }

    private final LimitProperties limits;
    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastForgotten = new AtomicLong(System.nanoTime());

    RateLimitFilter(LimitProperties limits) {
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestLimits.applyTo(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        forgetFullBuckets();
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = caller == null || caller instanceof AnonymousAuthenticationToken
                || !caller.isAuthenticated();
        Rate rate = anonymous ? limits.anonymous() : isReporter(caller) ? limits.reporter() : limits.staff();
        String key = anonymous ? "address:" + request.getRemoteAddr() : "token:" + caller.getName();
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> bucket(rate)).bucket()
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
        response.setHeader("Retry-After", Long.toString(seconds));
        Problems.write(response, 429, "/problems/too-many-requests", "Too Many Requests", "Over the limit of " + rate.perSecond()
                + " requests a second (bursts of " + rate.burst() + "); retry after " + seconds + " s");
    }

    private static boolean isReporter(Authentication caller) {
        return caller.getAuthorities().stream().anyMatch(a -> "ROLE_REPORTER".equals(a.getAuthority()));
    }

    private static Limited bucket(Rate rate) {
        return new Limited(Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
                .build(), rate.burst());
    }

    /** Keeps memory bounded by the callers of the last minute, however many addresses call. */
    private void forgetFullBuckets() {
        long last = lastForgotten.get();
        long now = System.nanoTime();
        if (now - last > FORGET_EVERY.toNanos() && lastForgotten.compareAndSet(last, now)) {
            buckets.values().removeIf(limited -> limited.bucket().getAvailableTokens() >= limited.burst());
        }
    }
}
