package org.standstill.query.day;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Days", description = "Days of action, their zones, and what reporters find near them")
class DayController {

    @Schema(name = "DaySummary", description = "A day of action")
    record DaySummary(@Schema(example = "twin-cities-2026-01-23") String id, String name, String city,
                      @Schema(example = "America/Chicago") String timeZone, Instant startsAt, Instant endsAt,
                      @Schema(allowableValues = {"PLANNED", "LIVE", "CLOSED"}) String status,
                      @Schema(description = "Every event of the log at or below this position is in this answer") long position,
                      @Schema(description = "The campaign the day belongs to; null if none", example = "mayday-2026",
                              types = {"string", "null"}) String campaignId) {
    }

    /**
     * A day's position is at most the processor's processed-through: every event at or below it is applied. Its newest
     * event is also looked up in the event index: two segments write a day's events at once, and one that commits
     * before the day's own row (its first batch) leaves that row's position behind.
     */
    private static final String SELECT = """
            SELECT day_id, name, city, time_zone, starts_at, ends_at, status,
                   least(greatest(position, (SELECT coalesce(max(e.position), 0) FROM event_index e
                                             WHERE e.day_id = day_view.day_id)), ?), campaign_id
            FROM day_view""";

    private final JdbcClient jdbc;
    private final ProcessedThrough processed;

    DayController(JdbcClient jdbc, ProcessedThrough processed) {
        this.jdbc = jdbc;
        this.processed = processed;
    }

    @GetMapping("/api/days")
    @Operation(operationId = "listDays", summary = "List the days of action",
            description = "COORDINATOR, AUDITOR: every day with its status and `position`, the latest start first.")
    @ApiResponse(responseCode = "200", description = "The days")
    List<DaySummary> days() {
        return jdbc.sql(SELECT + " ORDER BY starts_at DESC, day_id").param(processed.position()).query(this::summary)
                .list();
    }

    /** A day's summary; reporters read only their own day's. */
    @GetMapping("/api/days/{dayId}")
    @Operation(operationId = "getDay", summary = "Read one day of action",
            description = "COORDINATOR, AUDITOR, and the day's own REPORTERs.")
    @ApiResponse(responseCode = "200", description = "The day")
    DaySummary day(@PathVariable String dayId, Authentication caller) {
        Reporters.requireOwnDay(caller, dayId);
        return jdbc.sql(SELECT + " WHERE day_id = ?").params(processed.position(), dayId).query(this::summary).optional()
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    /** The day's zones as a GeoJSON FeatureCollection, for the map. */
    @Operation(operationId = "getZones", summary = "Read a day's zones",
            description = "COORDINATOR, AUDITOR: the zones as a GeoJSON FeatureCollection, each feature with its "
                    + "`properties.name` (as `application/geo+json`, or `application/json` when asked for).")
    @ApiResponse(responseCode = "200", description = "The zones", content = {
            @Content(mediaType = "application/geo+json", schema = @Schema(ref = "#/components/schemas/FeatureCollection")),
            @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/FeatureCollection"))})
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
                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getLong(8),
                rs.getString(9));
    }
}
