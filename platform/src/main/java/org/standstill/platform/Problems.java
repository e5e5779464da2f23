package org.standstill.platform;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problems written straight to a response, by the filters that answer before any controller (and its
 * problem handling) is reached: authentication, authorization, rate and body limits. The controllers' problems come
 * from Spring's {@code ProblemDetail}; these have the same shape and the same stable {@code type}s.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** Writes the problem; {@code type} is one of the stable types ({@code /problems/...}). */
    public static void write(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        write(response, status, type, title, detail, null);
    }

    /** As {@link #write(HttpServletResponse, int, String, String, String)}, naming the bad fields ({field, message}). */
    public static void write(HttpServletResponse response, int status, String type, String title, String detail,
                             java.util.List<Map<String, String>> errors) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (errors != null) {
            problem.put("errors", errors);
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }

    /**
     * Gives a problem Spring made for one of its own exceptions (415, 405, a path variable of the wrong type, …) a
     * stable type of its own status, e.g. {@code /problems/unsupported-media-type}, instead of none.
     */
    public static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            String name = status == null ? "error" : status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            problem.setType(URI.create("/problems/" + name));
        }
        return problem;
    }

    /** The JSON path of the value a body could not be read at ({@code business.location.lat}, {@code codes[1]}), or null. */
    public static String unreadableAt(Throwable cause) {
        if (!(cause instanceof JacksonException json) || json.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : json.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /**
     * 400 for a request the firewall refuses before any handler (a path with {@code ;}, {@code ..}, an encoded
     * character it does not take): as a problem like every other error, not the servlet container's error page.
     */
    public static RequestRejectedHandler rejectedRequests() {
        return (request, response, e) -> write(response, HttpServletResponse.SC_BAD_REQUEST, "/problems/bad-request",
                "Bad Request", "The request was rejected: its path is not one this service takes");
    }
}
