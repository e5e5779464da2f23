package org.standstill.query.places;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.config.NotFound;
import org.standstill.query.config.Reporters;
import org.standstill.query.feed.FeedQuery;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Kind;

import java.util.List;

/**
 * What a reporter's phone needs from the read side: the places already reported near them (so two
 * reporters name the same shop the same way) and their own recent reports. Reporters see only their day.
 */
@RestController
class PlacesController {

    static final int MAX_RADIUS_METERS = 5_000;
    static final int MAX_PLACES = 50;
    static final int MAX_MY_REPORTS = 200;
    private static final double METERS_PER_DEGREE = 111_320;

    record Place(String subjectId, String kind, String name, String sector, double lat, double lon, long distance) {
    }

    record Places(List<Place> places) {
    }

    record MyReports(List<FeedQuery.FeedReport> reports) {
    }

    private final JdbcClient jdbc;
    private final TallyQuery tallies;
    private final FeedQuery feed;

    PlacesController(JdbcClient jdbc, TallyQuery tallies, FeedQuery feed) {
        this.jdbc = jdbc;
        this.tallies = tallies;
        this.feed = feed;
    }

    @GetMapping("/api/days/{dayId}/places")
    @Operation(operationId = "getPlaces", tags = "Days", summary = "Find subjects reported near a point",
            description = "COORDINATOR, AUDITOR, and the day's own REPORTERs: the businesses, workplaces and rallies "
                    + "already reported within `radius` meters, the nearest first, so that a reporter can pick one "
                    + "rather than make it again.")
    @ApiResponse(responseCode = "200", description = "The places")
    Places places(@PathVariable String dayId, @RequestParam double lat, @RequestParam double lon,
                  @RequestParam(required = false) Kind kind, @RequestParam(defaultValue = "1000") int radius,
                  @RequestParam(defaultValue = "20") int limit, Authentication caller) {
        if (Math.abs(lat) > 90 || !Double.isFinite(lat)) {
            throw new InvalidParameter("lat", "must be a latitude from -90 to 90");
        }
        if (Math.abs(lon) > 180 || !Double.isFinite(lon)) {
            throw new InvalidParameter("lon", "must be a longitude from -180 to 180");
        }
        if (radius < 1 || radius > MAX_RADIUS_METERS) {
            throw new InvalidParameter("radius", "must be from 1 to " + MAX_RADIUS_METERS + " meters");
        }
        if (limit < 1 || limit > MAX_PLACES) {
            throw new InvalidParameter("limit", "must be from 1 to " + MAX_PLACES);
        }
        existingDayOf(dayId, caller);
        double lonScale = Math.cos(Math.toRadians(lat));
        // An equirectangular distance: exact enough within a few kilometres.
        return new Places(jdbc.sql("""
                        SELECT * FROM (
                            SELECT subject_id, kind, name, sector, lat, lon,
                                   sqrt(power((lat - ?) * ?, 2) + power((lon - ?) * ? * ?, 2)) AS distance
                            FROM subject_view WHERE day_id = ? AND (?::text IS NULL OR kind = ?)) near
                        WHERE distance <= ? ORDER BY distance, subject_id LIMIT ?""")
                .params(lat, METERS_PER_DEGREE, lon, METERS_PER_DEGREE, lonScale, dayId,
                        kind == null ? null : kind.name(), kind == null ? null : kind.name(), radius, limit)
                .query((rs, row) -> new Place(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getDouble(5), rs.getDouble(6), Math.round(rs.getDouble(7))))
                .list());
    }

    @GetMapping("/api/days/{dayId}/reporters/me/reports")
    @Operation(operationId = "getMyReports", tags = "Reporters", summary = "Read my own reports",
            description = "REPORTER of the day: the caller's own reports as they stand, the latest change first "
                    + "(without the plausibility flags).")
    @ApiResponse(responseCode = "200", description = "The reports")
    MyReports myReports(@PathVariable String dayId, @RequestParam(defaultValue = "50") int limit, Authentication caller) {
        if (limit < 1 || limit > MAX_MY_REPORTS) {
            throw new InvalidParameter("limit", "must be from 1 to " + MAX_MY_REPORTS);
        }
        existingDayOf(dayId, caller);
        return new MyReports(feed.ofReporter(dayId, caller.getName(), limit));
    }

    private void existingDayOf(String dayId, Authentication caller) {
        Reporters.requireOwnDay(caller, dayId);
        if (!tallies.exists(dayId)) {
            throw new NotFound("No day of action " + dayId);
        }
    }
}
