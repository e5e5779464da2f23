package org.standstill.query.audit;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reports of a day as they stood at a moment K, streamed as CSV or GeoJSON in constant memory. */
@Component
class ReportExports {

    /**
     * The columns, in their order. {@code submitted_at} is kept for the clients that read it, though it holds the
     * log position of the report's first event, not a time: {@code submission_position} says the same under its
     * name, and {@code submission_recorded_at} is the time that event was stored. {@code note_erased}: the note was
     * erased by a coordinator ({@code note} is then empty), also in the reports as they stood before the erasure. New
     * columns go at the end.
     */
    static final List<String> COLUMNS = List.of("report_id", "kind", "subject_id", "subject_name", "reporter_id",
            "submitted_at", "observed_at", "status", "reason", "type", "participants", "workforce", "headcount",
            "method", "note", "verdict", "retracted", "lat", "lon", "submission_position", "submission_recorded_at",
            "note_erased");

    /** The columns of the GeoJSON properties: all but the coordinates. */
    private static final List<String> PROPERTIES = COLUMNS.stream().filter(c -> !c.equals("lat") && !c.equals("lon"))
            .toList();

    private static final String SELECT = """
            SELECT v.report_id, v.kind, v.subject_id, s.name AS subject_name, v.reporter_id, v.submitted_at,
                   v.observed_at, v.status, v.reason, v.type, v.participants, v.workforce, v.headcount, v.method,
                   v.note, v.verdict, v.retracted, s.lat, s.lon, v.submitted_at AS submission_position,
                   r.recorded_at AS submission_recorded_at, v.note_erased
            FROM (SELECT DISTINCT ON (report_id) * FROM report_version WHERE day_id = ? AND recorded_at <= ?
                  ORDER BY report_id, position DESC) v
            JOIN subject_view s ON s.day_id = v.day_id AND s.subject_id = v.subject_id
            JOIN report_view r ON r.report_id = v.report_id
            ORDER BY v.submitted_at""";

    /** First characters that make a spreadsheet read a cell as a formula (see {@link #csvField}). */
    private static final String FORMULA_START = "=+-@\t\r";

    private final Downloads downloads;
    private final JsonMapper json;

    ReportExports(Downloads downloads, JsonMapper json) {
        this.downloads = downloads;
        this.json = json;
    }

    void csv(String dayId, Instant knownAt, OutputStream out) {
        write(out, String.join(",", COLUMNS) + "\n");
        each(dayId, knownAt, rs -> {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= COLUMNS.size(); i++) {
                line.append(i > 1 ? "," : "").append(csvField(value(rs, i)));
            }
            write(out, line.append('\n').toString());
        });
    }

    void geoJson(String dayId, Instant knownAt, OutputStream out) {
        write(out, "{\"type\":\"FeatureCollection\",\"knownAt\":\"" + knownAt + "\",\"features\":[");
        boolean[] first = {true};
        each(dayId, knownAt, rs -> {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (String column : PROPERTIES) {
                properties.put(camel(column), value(rs, rs.findColumn(column)));
            }
            Map<String, Object> feature = Map.of("type", "Feature", "properties", properties, "geometry",
                    Map.of("type", "Point", "coordinates", List.of(rs.getDouble("lon"), rs.getDouble("lat"))));
            write(out, (first[0] ? "" : ",") + json.writeValueAsString(feature));
            first[0] = false;
        });
        write(out, "]}");
    }

    private void each(String dayId, Instant knownAt, org.springframework.jdbc.core.RowCallbackHandler row) {
        downloads.transaction.executeWithoutResult(tx -> downloads.jdbc.query(SELECT, row, dayId,
                Timestamp.from(knownAt)));
    }

    private static Object value(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        return value instanceof Timestamp t ? t.toInstant().toString() : value;
    }

    /**
     * One CSV cell (RFC 4180): quoted when it holds a quote, a comma or a line break. A text cell that a spreadsheet
     * would take for a formula — one beginning with {@code = + - @}, a tab or a carriage return (OWASP, "CSV
     * Injection") — is neutralised: a single quote is put before it, inside a quoted cell ({@code "'=1+1"}), so that
     * Excel, LibreOffice and Google Sheets show the text as written and run nothing. Only text is touched: numbers
     * (a longitude of -93.26) are not cells a reporter wrote, and stay numbers.
     */
    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        boolean formula = value instanceof CharSequence && !text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0;
        if (formula) {
            text = "'" + text;
        }
        boolean quoted = formula || text.indexOf('"') >= 0 || text.indexOf(',') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quoted ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private static String camel(String column) {
        StringBuilder name = new StringBuilder();
        for (String part : column.split("_")) {
            name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
