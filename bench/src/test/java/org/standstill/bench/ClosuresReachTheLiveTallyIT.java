package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The foundation end to end: both services as separate processes on a fresh real PostgreSQL; a
 * coordinator plans and opens a day, posts closures over HTTP (with a retry, a conflict and bad input),
 * and a dashboard receives the tally over a real STOMP WebSocket.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosuresReachTheLiveTallyIT {

    static final Duration PUSH_WAIT = Duration.ofSeconds(10);
    static final Map<String, Object> DOWNTOWN = zone("Downtown", -93.29, 44.97, -93.25, 44.99);
    static final Map<String, Object> LAKE_STREET = zone("Lake Street", -93.30, 44.94, -93.21, 44.955);
    static final AtomicInteger DAYS = new AtomicInteger();

    Platform platform;
    Api command;
    Api query;
    String coordinator;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", "north desk"));
        assertThat(issued.status()).isEqualTo(201);
        coordinator = issued.body().path("token").asString();
    }

    @Test
    void closures_appearInTheLiveTally_byStatusSectorAndZone() throws Exception {
        String day = openDay();
        try (LiveTally live = new LiveTally(platform.queryUrl(), coordinator, day)) {
            Instant seen = Instant.now().minus(10, ChronoUnit.MINUTES);
            report(day, closure("Karmel Mall", 44.9800, -93.2700, "RETAIL", "CLOSED", seen));
            report(day, closure("Midtown Global Market", 44.9480, -93.2600, "FOOD_SERVICE", "PARTIAL", seen));
            report(day, closure("Hmongtown Marketplace", 44.9766, -93.1077, "RETAIL", "CLOSED", seen));
            // The same shop again, seen open later: its status is that of the latest observation.
            long last = report(day, closure("karmel  mall!", 44.98001, -93.27001, "RETAIL", "OPEN", seen.plusSeconds(60)))
                    .body().path("position").asLong();

            JsonNode tally = live.await(t -> t.path("position").asLong() >= last, PUSH_WAIT);

            assertThat(tally).as("a tally pushed after position %d", last).isNotNull();
            JsonNode businesses = tally.path("businesses");
            assertThat(List.of(businesses.path("closed").asLong(), businesses.path("partial").asLong(),
                    businesses.path("open").asLong())).containsExactly(1L, 1L, 1L);
            assertThat(counts(businesses.path("byZone").path("Downtown"))).containsExactly(0L, 0L, 1L);
            assertThat(counts(businesses.path("byZone").path("Lake Street"))).containsExactly(0L, 1L, 0L);
            assertThat(counts(businesses.path("byZone").path("unzoned"))).containsExactly(1L, 0L, 0L);
            assertThat(counts(businesses.path("bySector").path("RETAIL"))).containsExactly(1L, 0L, 1L);
            assertThat(counts(businesses.path("bySector").path("FOOD_SERVICE"))).containsExactly(0L, 1L, 0L);
            assertThat(tally.path("reports").path("total").asLong()).isEqualTo(4);
            assertThat(query.get("/api/days/" + day + "/tally", coordinator).body().path("businesses"))
                    .isEqualTo(businesses);
        }
    }

    @Test
    void aDayNoOneWatched_sendsItsFiguresToItsFirstWatcherAtOnce() throws Exception {
        String day = openDay();
        long last = report(day, closure("Karmel Mall", 44.9800, -93.2700, "RETAIL", "CLOSED",
                Instant.now().minus(10, ChronoUnit.MINUTES))).body().path("position").asLong();
        tallyAtLeast(day, last); // applied while no one watched the day

        try (LiveTally live = new LiveTally(platform.queryUrl(), coordinator, day)) {
            JsonNode tally = live.await(t -> t.path("position").asLong() >= last, PUSH_WAIT);

            assertThat(tally).as("a tally pushed on subscribing, with nothing new posted").isNotNull();
            assertThat(tally.path("businesses").path("closed").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aRetriedReport_isAnsweredAgain_andNeverCountedTwice() throws Exception {
        String day = openDay();
        Map<String, Object> body = closure("Seward Co-op", 44.9620, -93.2380, "FOOD_SERVICE", "CLOSED",
                Instant.now().minusSeconds(300));

        Api.Answer first = command.post("/api/days/" + day + "/reports", coordinator, body);
        Api.Answer retry = command.post("/api/days/" + day + "/reports", coordinator, body);
        Map<String, Object> changed = new java.util.HashMap<>(body);
        changed.put("status", "OPEN");
        Api.Answer conflict = command.post("/api/days/" + day + "/reports", coordinator, changed);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().path("status").asInt()).isEqualTo(409);
        assertThat(eventsOf(body.get("reportId").toString())).isEqualTo(1);
        JsonNode tally = tallyAtLeast(day, first.body().path("position").asLong());
        assertThat(tally.path("businesses").path("closed").asLong()).isEqualTo(1);
        assertThat(tally.path("reports").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void aCorrectionCarryingOnlyTheHeadcount_keepsTheMethod_andItsRepeatChangesNothing() throws Exception {
        String day = openDay();
        String id = UUID.randomUUID().toString();
        report(day, Map.of("reportId", id, "kind", "HEADCOUNT",
                "observedAt", Instant.now().minus(5, ChronoUnit.MINUTES).toString(),
                "rally", Map.of("name", "Target Center rally", "location", Map.of("lat", 44.9795, "lon", -93.2761)),
                "headcount", 50_000, "method", "DENSITY_ESTIMATE"));
        String corrections = "/api/days/" + day + "/reports/" + id + "/corrections";

        Api.Answer corrected = command.post(corrections, coordinator, Map.of("headcount", 5_000));
        Api.Answer repeated = command.post(corrections, coordinator, Map.of("headcount", 5_000));

        assertThat(corrected.status()).as(corrected.raw()).isEqualTo(201);
        assertThat(repeated.status()).as(repeated.raw()).isEqualTo(200);
        assertThat(eventsOf(id)).isEqualTo(2);
        JsonNode tally = tallyAtLeast(day, corrected.body().path("position").asLong());
        assertThat(tally.path("crowd").path("estimate").asLong()).isEqualTo(5_000);
        JsonNode history = query.get("/api/days/" + day + "/reports/" + id + "/history", coordinator).body();
        JsonNode events = history.path("events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.toString()).contains("HeadcountCorrected").contains("\"headcount\":5000")
                .contains("DENSITY_ESTIMATE");
    }

    @Test
    void aSubjectIdOfAnotherKind_isRefusedNamingTheField_andTheMapStillAnswers() throws Exception {
        String day = openDay();
        Instant seen = Instant.now().minus(5, ChronoUnit.MINUTES);
        Map<String, Object> location = Map.of("lat", 44.9800, "lon", -93.2700);
        report(day, Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE", "observedAt", seen.toString(),
                "business", Map.of("id", "corner-store", "name", "Corner Store", "location", location,
                        "sector", "RETAIL"), "status", "CLOSED"));
        long before = storedEvents();

        Api.Answer walkout = command.post("/api/days/" + day + "/reports", coordinator, Map.of(
                "reportId", UUID.randomUUID().toString(), "kind", "WALKOUT", "observedAt", seen.toString(),
                "workplace", Map.of("id", "corner-store", "name", "Corner Store", "location", location,
                        "sector", "RETAIL"), "type", "WALKOUT", "participants", 12));
        Api.Answer rally = command.post("/api/days/" + day + "/reports", coordinator, Map.of(
                "reportId", UUID.randomUUID().toString(), "kind", "HEADCOUNT", "observedAt", seen.toString(),
                "rally", Map.of("id", "corner-store", "name", "Corner Store", "location", location),
                "headcount", 300, "method", "COUNTED"));
        Api.Answer sameKind = command.post("/api/days/" + day + "/reports", coordinator, Map.of(
                "reportId", UUID.randomUUID().toString(), "kind", "CLOSURE", "observedAt", seen.toString(),
                "business", Map.of("id", "corner-store", "name", "Corner Store", "location", location,
                        "sector", "RETAIL"), "status", "OPEN"));

        assertThat(walkout.status()).as(walkout.raw()).isEqualTo(400);
        assertThat(walkout.badFields()).containsExactly("workplace.id");
        assertThat(rally.badFields()).containsExactly("rally.id");
        assertThat(sameKind.status()).as(sameKind.raw()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(before + 1);
        tallyAtLeast(day, sameKind.body().path("position").asLong());
        Api.Answer map = query.get("/api/days/" + day + "/map", coordinator);
        assertThat(map.status()).as(map.raw()).isEqualTo(200);
        assertThat(map.raw()).contains("Corner Store");
    }

    @Test
    void badInput_isRefusedWithTheBadFieldsNamed_andStoresNothing() throws Exception {
        String day = openDay();
        long before = storedEvents();
        Map<String, Object> bad = Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE",
                "observedAt", Instant.now().plus(1, ChronoUnit.HOURS).toString(),
                "business", Map.of("name", " ", "location", Map.of("lat", 95, "lon", -93.2), "sector", "RETAIL"),
                "status", "CLOSED");

        Api.Answer invalid = command.post("/api/days/" + day + "/reports", coordinator, bad);
        Api.Answer badEnum = command.post("/api/days/" + day + "/reports", coordinator,
                Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE", "status", "SHUT"));
        Api.Answer badKind = command.post("/api/days/" + day + "/reports", coordinator, Map.of("kind", "RUMOUR"));
        Api.Answer malformed = command.post("/api/days/" + day + "/reports", coordinator, "{\"kind\": ");
        Api.Answer badDay = command.post("/api/days", coordinator, Map.of("id", "No Spaces", "name", "x",
                "city", "Minneapolis", "timeZone", "Mars/Olympus", "startsAt", "2026-01-23T12:00:00Z",
                "endsAt", "2026-01-23T06:00:00Z"));
        Api.Answer unknownDay = command.post("/api/days/no-such-day/reports", coordinator,
                closure("x", 44.97, -93.26, "RETAIL", "CLOSED", Instant.now()));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.raw()).contains("\"type\"", "\"title\"", "\"detail\"");
        assertThat(invalid.badFields()).contains("observedAt", "business.name", "business.location.lat");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.badFields()).containsExactly("status");
        assertThat(badKind.badFields()).containsExactly("kind");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(badDay.badFields()).containsExactlyInAnyOrder("id", "timeZone", "endsAt");
        assertThat(unknownDay.status()).isEqualTo(404);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aReportObservedAheadOfTheClock_startsToCount_whenThatMomentComes() throws Exception {
        String day = openDay();
        try (LiveTally live = new LiveTally(platform.queryUrl(), coordinator, day)) {
            Instant soon = Instant.now().plusSeconds(4);
            long position = report(day, closure("Walker Art Center", 44.9682, -93.2886, "CULTURE", "CLOSED", soon))
                    .body().path("position").asLong();

            JsonNode before = tallyAtLeast(day, position);
            JsonNode after = live.await(t -> t.path("businesses").path("closed").asLong() == 1, Duration.ofSeconds(15));

            assertThat(before.path("businesses").path("closed").asLong()).isZero();
            assertThat(after).as("a push once the observed moment has come").isNotNull();
            assertThat(Instant.parse(after.path("at").asString())).isAfterOrEqualTo(soon);
        }
    }

    @Test
    void callers_needTheRightToken() throws Exception {
        String day = openDay();
        String auditor = command.post("/api/tokens", platform.adminToken(), Map.of("role", "AUDITOR", "label", "audit"))
                .body().path("token").asString();

        assertThat(query.get("/api/days/" + day + "/tally", null).status()).isEqualTo(401);
        assertThat(query.get("/api/days/" + day + "/tally", "not-a-token").status()).isEqualTo(401);
        // The query side learns of the day a moment after it is planned: until then it is unknown (404), not refused.
        int status = query.get("/api/days/" + day + "/tally", auditor).status();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos(); status == 404 && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            status = query.get("/api/days/" + day + "/tally", auditor).status();
        }
        assertThat(status).isEqualTo(200);
        assertThat(command.post("/api/days/" + day + "/closing", auditor, "").status()).isEqualTo(403);
        assertThat(command.post("/api/tokens", coordinator, Map.of("role", "AUDITOR", "label", "x")).status()).isEqualTo(403);
        assertThatThrownBy(() -> new LiveTally(platform.queryUrl(), null, day).close())
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aClosedDay_takesNoMoreReports() {
        String day = openDay();
        assertThat(command.post("/api/days/" + day + "/closing", coordinator, "").status()).isEqualTo(200);

        Api.Answer late = command.post("/api/days/" + day + "/reports", coordinator,
                closure("Late Shop", 44.97, -93.26, "RETAIL", "CLOSED", Instant.now().minusSeconds(60)));

        assertThat(late.status()).isEqualTo(409);
        assertThat(command.post("/api/days/" + day + "/opening", coordinator, "").status()).isEqualTo(409);
    }

    private String openDay() {
        String day = "it-day-" + DAYS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        Api.Answer planned = command.post("/api/days", coordinator, Map.of("id", day,
                "name", "Day of Truth and Freedom", "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", now.minus(6, ChronoUnit.HOURS).toString(), "endsAt", now.plus(12, ChronoUnit.HOURS).toString(),
                "zones", Map.of("type", "FeatureCollection", "features", List.of(DOWNTOWN, LAKE_STREET))));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        assertThat(command.post("/api/days/" + day + "/opening", coordinator, "").status()).isEqualTo(200);
        return day;
    }

    private Api.Answer report(String day, Map<String, Object> body) {
        Api.Answer answer = command.post("/api/days/" + day + "/reports", coordinator, body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer;
    }

    /** The REST tally once it reflects {@code position}. */
    private JsonNode tallyAtLeast(String day, long position) throws InterruptedException {
        long deadline = System.nanoTime() + PUSH_WAIT.toNanos();
        JsonNode tally;
        do {
            tally = query.get("/api/days/" + day + "/tally", coordinator).body();
            if (tally.path("position").asLong() >= position) {
                return tally;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The tally never reached position " + position + ": " + tally);
    }

    static Map<String, Object> closure(String name, double lat, double lon, String sector, String status, Instant seen) {
        return Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE", "observedAt", seen.toString(),
                "business", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon), "sector", sector),
                "status", status, "reason", "OWNER_SOLIDARITY");
    }

    static List<Long> counts(JsonNode counts) {
        return List.of(counts.path("closed").asLong(), counts.path("partial").asLong(), counts.path("open").asLong());
    }

    static Map<String, Object> zone(String name, double west, double south, double east, double north) {
        return Map.of("type", "Feature", "properties", Map.of("name", name), "geometry", Map.of("type", "Polygon",
                "coordinates", List.of(List.of(List.of(west, south), List.of(east, south), List.of(east, north),
                        List.of(west, north), List.of(west, south)))));
    }

    private long storedEvents() throws SQLException {
        // integrity checkpoints are recorded in the background: they are not what a request stored
        return count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier NOT LIKE 'checkpoint:%'");
    }

    private long eventsOf(String aggregateId) throws SQLException {
        return count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = '" + aggregateId + "'");
    }

    private long count(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(),
                platform.databasePassword()); ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
