package org.standstill.command.limit;

import org.standstill.platform.RateLimits;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * What one caller may send to {@code /api/**} (POST and PUT): a body of at most
 * {@code standstill.limits.max-body} (413 beyond), at a rate per token, or per client address
 * without one (429 beyond). The filters are placed in the security filter chain, which decides who
 * the caller is; they are not servlet filters of their own.
 */
@Component
public class RequestLimits {

    private final Filter rateLimit;
    private final Filter bodySize;

    RequestLimits(LimitProperties limits) {
        this.rateLimit = new RateLimits(limits.reporter(), limits.staff(), limits.anonymous(), RequestLimits::applyTo);
        this.bodySize = new BodySizeFilter(limits);
    }

    /** To run once the caller is authenticated (or known to have no token). */
    public Filter rateLimit() {
        return rateLimit;
    }

    /** To run once the caller is authorized, so that no one else's body is ever read. */
    public Filter bodySize() {
        return bodySize;
    }

    static boolean applyTo(HttpServletRequest request) {
        String method = request.getMethod();
        return ("POST".equals(method) || "PUT".equals(method)) && request.getRequestURI().startsWith("/api/");
    }
}
