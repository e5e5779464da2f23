package org.standstill.platform;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tomcat's report of an error no handler of the service answered — a request Tomcat itself refuses before any filter
 * sees it (an encoded {@code /}, {@code \} or NUL in its path) — as an RFC 9457 problem instead of an HTML page. To be
 * the error report valve of the services' Tomcat host ({@code StandardHost.setErrorReportValveClass}).
 */
public class ProblemErrorReports extends ErrorReportValve {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + (known == null ? "error" : known.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", status == 400 ? "The request was rejected: its path is not one this service takes" : title);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the response cannot be written: nothing more to report
        }
    }
}
