package org.standstill.platform;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
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
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
