package org.standstill.query.day;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.NotFound;
import org.standstill.query.config.Reporters;
import org.standstill.query.tally.ProcessedThrough;

import java.time.Instant;
import java.util.List;

/** Days of action as the query side knows them. */
@RestController
class DayController {

    record DaySummary(String id, String name, String city, String timeZone, Instant startsAt, Instant endsAt,
                      String status, long position) {
    }

    /**
     * A day's position is at most the processor's processed-through: every event at or below it is applied. Its newest
     * event is also looked up in the event index: two segments write a day's events at once, and one that commits
     * before the day's own row (its first batch) leaves that row's position behind.
     */
    private static final String SELECT = """
            SELECT day_id, name, city, time_zone, starts_at, ends_at, status,
                   least(greatest(position, (SELECT coalesce(max(e.position), 0) FROM event_index e
                                             WHERE e.day_id = day_view.day_id)), ?)
            FROM day_view""";

    private final JdbcClient jdbc;
    private final ProcessedThrough processed;

    DayController(JdbcClient jdbc, ProcessedThrough processed) {
        this.jdbc = jdbc;
        this.processed = processed;
    }

    @GetMapping("/api/days")
    List<DaySummary> days() {
        return jdbc.sql(SELECT + " ORDER BY starts_at DESC, day_id").param(processed.position()).query(this::summary)
                .list();
    }

    /** A day's summary; reporters read only their own day's. */
    @GetMapping("/api/days/{dayId}")
    DaySummary day(@PathVariable String dayId, Authentication caller) {
        Reporters.requireOwnDay(caller, dayId);
        return jdbc.sql(SELECT + " WHERE day_id = ?").params(processed.position(), dayId).query(this::summary).optional()
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    /** The day's zones as a GeoJSON FeatureCollection, for the map. */
    @GetMapping(value = "/api/days/{dayId}/zones", produces = {"application/geo+json", "application/json"})
    String zones(@PathVariable String dayId) {
        return jdbc.sql("""
                        SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                            'type', 'Feature', 'properties', json_build_object('name', z->>'name'),
                            'geometry', (z->>'geometry')::json)), '[]'::json))::text
                        FROM day_view LEFT JOIN LATERAL jsonb_array_elements(zones) z ON TRUE
                        WHERE day_id = ? GROUP BY day_id""")
                .param(dayId).query(String.class).optional()
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    private DaySummary summary(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new DaySummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getLong(8));
    }
}
