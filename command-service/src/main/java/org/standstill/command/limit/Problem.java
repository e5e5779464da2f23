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
        // A stable type a client can translate (API.md "Errors").
        String type = status == 429 ? "/problems/too-many-requests" : status == 413 ? "/problems/body-too-large"
                : "about:blank";
        response.getWriter().write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
