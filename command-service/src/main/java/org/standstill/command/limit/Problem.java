package org.standstill.command.limit;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** An RFC 9457 problem written by a filter, before any controller (and its problem handling) is reached. */
final class Problem {

    private Problem() {
    }

    /** {@code detail} must need no JSON escaping. */
    static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
