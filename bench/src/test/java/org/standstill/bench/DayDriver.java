package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives one running platform as a client would, for the tally tests: issues coordinator tokens, plans and opens a
 * day with rectangular zones, sends requests while noting when each was sent and answered, reads tallies, and
 * counts the events stored in PostgreSQL.
 */
final class DayDriver {

    static final Duration CATCH_UP = Duration.ofSeconds(20);

    /** A request's answer and the client-side interval in which it was sent and answered. */
    record Timed(Api.Answer answer, Instant before, Instant after) {

        int status() {
            return answer.status();
        }

        JsonNode body() {
            return answer.body();
        }

        long position() {
            return answer.body().path("position").asLong(-1);
        }
    }

    private final Platform platform;
    final Api command;
    final Api query;

    DayDriver(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
    }

    /** A new COORDINATOR token: each has its own subject, so each is a distinct reporter pseudonym. */
    String coordinator(String label) {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", label));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().path("token").asString();
    }

    void planAndOpen(String token, String dayId, Instant startsAt, Instant endsAt, List<TallyOracle.Zone> zones) {
        List<Object> features = new ArrayList<>();
        zones.forEach(zone -> features.add(feature(zone)));
        Api.Answer planned = command.post("/api/days", token, Map.of("id", dayId, "name", "Day of Truth and Freedom",
                "city", "Minneapolis", "timeZone", "America/Chicago", "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString(), "zones", Map.of("type", "FeatureCollection", "features", features)));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        Api.Answer opened = command.post("/api/days/" + dayId + "/opening", token, "");
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
    }

    private static Map<String, Object> feature(TallyOracle.Zone zone) {
        List<List<Double>> ring = List.of(List.of(zone.west(), zone.south()), List.of(zone.east(), zone.south()),
                List.of(zone.east(), zone.north()), List.of(zone.west(), zone.north()), List.of(zone.west(), zone.south()));
        return Map.of("type", "Feature", "properties", Map.of("name", zone.name()),
                "geometry", Map.of("type", "Polygon", "coordinates", List.of(ring)));
    }

    /**
     * POSTs to the command service, noting the instants just before and just after. A short pause follows, so that
     * between any two requests there is a gap of a few milliseconds in which a K can be taken.
     */
    Timed post(String path, String token, Object body) {
        Instant before = Instant.now();
        Api.Answer answer = command.post(path, token, body);
        Instant after = Instant.now();
        pause(3);
        return new Timed(answer, before, after);
    }

    /**
     * An instant (whole milliseconds) after the answer of every request sent so far and before the next request is
     * sent: a K at which exactly the requests answered so far are known.
     */
    Instant gap() {
        pause(2);
        Instant k = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pause(2);
        return k;
    }

    /** The whole millisecond midway between two instants (a K between two requests). */
    static Instant between(Instant after, Instant before) {
        Instant middle = after.plus(Duration.between(after, before).dividedBy(2)).truncatedTo(ChronoUnit.MILLIS);
        if (!middle.isAfter(after) || !middle.isBefore(before)) {
            throw new IllegalStateException("No whole millisecond between " + after + " and " + before);
        }
        return middle;
    }

    /** GET the tally with these query parameters (null ones left out); it must answer 200. */
    JsonNode tally(String token, String dayId, Instant at, Instant knownAt, String mode) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (at != null) {
            parameters.put("at", at.toString());
        }
        if (knownAt != null) {
            parameters.put("knownAt", knownAt.toString());
        }
        if (mode != null) {
            parameters.put("mode", mode);
        }
        StringBuilder path = new StringBuilder("/api/days/" + dayId + "/tally");
        parameters.forEach((name, value) -> path.append(path.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(value));
        Api.Answer answer = query.get(path.toString(), token);
        assertThat(answer.status()).as("GET %s: %s", path, answer.raw()).isEqualTo(200);
        return answer.body();
    }

    /** Waits until the live tally of the day reflects {@code position}, the position of the last answered change. */
    void awaitPosition(String token, String dayId, long position) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        JsonNode tally;
        do {
            tally = tally(token, dayId, null, null, null);
            if (tally.path("position").asLong() >= position) {
                return;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The tally never reached position " + position + " in " + CATCH_UP + ": " + tally);
    }

    long storedEvents() throws SQLException {
        // integrity checkpoints are recorded in the background: they are not what a request stored
        return count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier NOT LIKE 'checkpoint:%'", null);
    }

    long eventsOf(String aggregateId) throws SQLException {
        return count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", aggregateId);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(),
                platform.databasePassword()); PreparedStatement statement = db.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
