package org.standstill.platform;

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

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A token bucket per token subject (or per client address for callers without a token), in memory:
 * a request over the rate is refused with 429 and {@code Retry-After} before anything is read or stored.
 * To run in the security filter chain once the caller is known.
 */
public final class RateLimits extends OncePerRequestFilter {

    /**
     * @param perSecond requests a second, sustained
     * @param burst     requests at once, after a quiet spell
     */
    public record Rate(long perSecond, long burst) {

        public Rate {
            if (perSecond < 1 || burst < 1) {
                throw new IllegalStateException("standstill.limits: a rate needs per-second and burst of at least 1");
            }
        }
    }

    private static final Duration FORGET_EVERY = Duration.ofMinutes(1);

    /** A caller's bucket; a full one is the same as a new one, so it can be forgotten. */
    private record Limited(Bucket bucket, long burst) {
    }

    private final Rate reporter;
    private final Rate staff;
    private final Rate anonymous;
    private final Predicate<HttpServletRequest> applies;
    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastForgotten = new AtomicLong(System.nanoTime());

    /** The rate of each REPORTER token, of each other token, and of each client address without one. */
    public RateLimits(Rate reporter, Rate staff, Rate anonymous, Predicate<HttpServletRequest> applies) {
        this.reporter = reporter;
        this.staff = staff;
        this.anonymous = anonymous;
        this.applies = applies;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !applies.test(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        forgetFullBuckets();
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = caller == null || caller instanceof AnonymousAuthenticationToken
                || !caller.isAuthenticated();
        Rate rate = anonymous ? this.anonymous : isReporter(caller) ? reporter : staff;
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
