package org.standstill.query.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How browsers may keep the pages' files. A WebJar file named with its version ({@code /webjars/leaflet/1.9.4/…}) never
 * changes: kept a year without asking again ({@code immutable}). Every other file of the UI (pages, scripts, styles,
 * WebJar files named without a version) is kept but revalidated on each use ({@code no-cache}) by its ETag, so an
 * unchanged file costs a 304 and a changed one is seen at once. The API, the WebSocket, the health and the API docs are
 * left alone: they keep the {@code no-store} the security filter gives them. Runs before the security filter, which
 * adds no cache headers to a response that already has them.
 */
class StaticFileCaching extends ShallowEtagHeaderFilter {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    private static final Pattern VERSIONED_WEBJAR = Pattern.compile("^/webjars/[^/]+/\\d+(\\.\\d+)*([.-][0-9A-Za-z.-]+)?/.+");
    private static final List<String> NOT_FILES = List.of("/api/", "/ws", "/actuator", "/v3/", "/swagger-ui", "/error");

    StaticFileCaching() {
        // Weak, because the server compresses these files on the way out (a strong ETag names exact bytes).
        setWriteWeakETag(true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return true;
        }
        String path = path(request);
        return NOT_FILES.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, policy(path(request)));
        super.doFilterInternal(request, response, chain);
    }

    /** Also where an answer that is no file (a 404, an error) stops being kept: it is asked for again next time. */
    @Override
    protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response, int status,
                                        InputStream body) {
        if (status >= 300 && status != HttpServletResponse.SC_NOT_MODIFIED) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return super.isEligibleForEtag(request, response, status, body);
    }

    static String policy(String path) {
        return VERSIONED_WEBJAR.matcher(path).matches() ? IMMUTABLE : REVALIDATE;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
