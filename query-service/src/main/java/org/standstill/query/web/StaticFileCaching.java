package org.standstill.query.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How browsers may keep the pages' files. A WebJar file named with its version ({@code /webjars/leaflet/1.9.4/…}) never
 * changes: kept a year without asking again ({@code immutable}). Every other file of the UI (pages, scripts, styles,
 * WebJar files named without a version) is kept but revalidated on each use ({@code no-cache}) by its ETag
 * ({@link ContentETags}), so an unchanged file costs a 304 and a changed one is seen at once. An answer that is no file
 * (a 404) is not kept. The API, the WebSocket, the health and the API docs are left alone: they keep the
 * {@code no-store} the security filter gives them. Runs before the security filter, which adds no cache headers to a
 * response that already has them.
 */
class StaticFileCaching extends OncePerRequestFilter {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    static final String NOT_KEPT = "no-store";
    private static final Pattern VERSIONED_WEBJAR = Pattern.compile("^/webjars/[^/]+/\\d+(\\.\\d+)*([.-][0-9A-Za-z.-]+)?/.+");
    private static final List<String> NOT_FILES = List.of("/api/", "/ws", "/actuator", "/v3/", "/swagger-ui", "/error");

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
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                notKeptUnlessAFile(status);
                super.setStatus(status);
            }

            @Override
            public void sendError(int status) throws IOException {
                notKeptUnlessAFile(status);
                super.sendError(status);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                notKeptUnlessAFile(status);
                super.sendError(status, message);
            }

            private void notKeptUnlessAFile(int status) {
                if (status >= 300 && status != HttpServletResponse.SC_NOT_MODIFIED) {
                    setHeader(HttpHeaders.CACHE_CONTROL, NOT_KEPT);
                }
            }
        });
    }

    static String policy(String path) {
        return VERSIONED_WEBJAR.matcher(path).matches() ? IMMUTABLE : REVALIDATE;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
