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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What the browser tests do over plain HTTP, as another client would: a coordinator's calls, and the event log. */
final class StaffClient {

    static final Map<String, Object> DOWNTOWN = zone("Downtown", -93.29, 44.97, -93.25, 44.99);
    static final Map<String, Object> LAKE_STREET = zone("Lake Street", -93.30, 44.94, -93.21, 44.955);

    final Platform platform;
    final Api command;
    final Api query;
    final String coordinator;

    StaffClient(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", "browser tests"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        coordinator = issued.body().path("token").asString();
    }

    /** Plans and opens a day from six hours ago to twelve hours ahead, with two zones. */
    String openDay(String prefix) {
        String day = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Api.Answer planned = command.post("/api/days", coordinator, Map.of("id", day,
                "name", "Day of Truth and Freedom", "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", now.minus(6, ChronoUnit.HOURS).toString(), "endsAt", now.plus(12, ChronoUnit.HOURS).toString(),
                "zones", Map.of("type", "FeatureCollection", "features", List.of(DOWNTOWN, LAKE_STREET))));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        Api.Answer opened = command.post("/api/days/" + day + "/opening", coordinator, "");
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        awaitQuery(day, opened.body().path("position").asLong());
        return day;
    }

    List<String> invites(String day, int count) {
        Api.Answer answer = command.post("/api/days/" + day + "/invites", coordinator,
                Map.of("count", count, "expiresAt", Instant.now().plus(2, ChronoUnit.HOURS).toString()));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.body().path("codes").valueStream().map(JsonNode::asString).toList();
    }

    Api.Answer closure(String day, String name, double lat, double lon, String status) {
        Map<String, Object> body = Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE",
                "observedAt", Instant.now().minusSeconds(60).toString(),
                "business", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon), "sector", "RETAIL"),
                "status", status, "reason", "WORKER_ACTION");
        Api.Answer answer = command.post("/api/days/" + day + "/reports", coordinator, body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer;
    }

    /** A new token of `role` (COORDINATOR or AUDITOR): each coordinator token reports as its own pseudonym. */
    String token(String role, String label) {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", role, "label", label));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().path("token").asString();
    }

    /** A headcount of a rally sent with `token`, seen `ago` before now. */
    Api.Answer headcount(String day, String token, String rally, double lat, double lon, int headcount, String method,
                         Duration ago) {
        Map<String, Object> body = Map.of("reportId", UUID.randomUUID().toString(), "kind", "HEADCOUNT",
                "observedAt", Instant.now().minus(ago).toString(),
                "rally", Map.of("name", rally, "location", Map.of("lat", lat, "lon", lon)),
                "headcount", headcount, "method", method);
        Api.Answer answer = command.post("/api/days/" + day + "/reports", token, body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer;
    }

    /** A walkout sent by the coordinator. */
    Api.Answer walkout(String day, String name, double lat, double lon, int participants) {
        Map<String, Object> body = Map.of("reportId", UUID.randomUUID().toString(), "kind", "WALKOUT",
                "observedAt", Instant.now().minusSeconds(90).toString(),
                "workplace", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon), "sector", "HEALTHCARE"),
                "type", "SICKOUT", "participants", participants, "workforce", participants * 3);
        Api.Answer answer = command.post("/api/days/" + day + "/reports", coordinator, body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer;
    }

    /** Plans and opens a day from `startsAt` to `endsAt` (a compressed day, say), with two zones. */
    String openDay(String prefix, Instant startsAt, Instant endsAt) {
        String day = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Answer planned = command.post("/api/days", coordinator, Map.of("id", day,
                "name", "Day of Truth and Freedom (compressed)", "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", startsAt.toString(), "endsAt", endsAt.toString(),
                "zones", Map.of("type", "FeatureCollection", "features", List.of(DOWNTOWN, LAKE_STREET))));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        Api.Answer opened = command.post("/api/days/" + day + "/opening", coordinator, "");
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        awaitQuery(day, opened.body().path("position").asLong());
        return day;
    }

    JsonNode tally(String day) {
        return query.get("/api/days/" + day + "/tally", coordinator).body();
    }

    /** Every report of the day in the feed, as they stand now. */
    List<JsonNode> feed(String day) {
        return query.get("/api/days/" + day + "/reports?limit=1000", coordinator).body().path("reports").valueStream().toList();
    }

    /** The feed once `done` holds for it (the read side follows the log within a second or so). */
    List<JsonNode> feedWhen(String day, Predicate<List<JsonNode>> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<JsonNode> feed;
        do {
            feed = feed(day);
            if (done.test(feed)) {
                return feed;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The feed never got there: " + feed);
    }

    /** Waits until the query side reflects the log up to `position` for this day. */
    void awaitQuery(String day, long position) {
        awaitQuery(query, coordinator, day, position);
    }

    /** As {@link #awaitQuery(String, long)}, reading the query side as {@code token}. */
    static void awaitQuery(Api query, String token, String day, long position) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Api.Answer answer = query.get("/api/days/" + day, token);
            if (answer.status() == 200 && answer.body().path("position").asLong() >= position) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("query-service never reached position " + position + " of " + day);
    }

    /** How many events the log holds for one aggregate (a report: its reportId). */
    long eventsOf(String aggregateId) throws SQLException {
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(),
                platform.databasePassword());
             PreparedStatement statement = db.prepareStatement(
                     "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")) {
            statement.setString(1, aggregateId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Map<String, Object> zone(String name, double west, double south, double east, double north) {
        return Map.of("type", "Feature", "properties", Map.of("name", name), "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(west, south), List.of(east, south), List.of(east, north),
                        List.of(west, north), List.of(west, south)))));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
