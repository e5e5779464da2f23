package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report's note, which may hold personal data, erased for good while the log stays as appended: the events carry
 * the note only sealed with the report's key; once a coordinator erases it, the feed, the report's history, the CSV
 * and GeoJSON exports (also as known before the erasure) and the event log show no note and say it was erased; every
 * hash chain still verifies; a rebuild from the log gives the live tables back.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoteErasureIT {

    static final String NOTE = "Mai Vang (612-555-0101) let us in by the side door";
    static final String CORRECTED_NOTE = "Mai Vang says the manager left at noon";
    static final String KEPT_NOTE = "crowd spilling onto 1st Ave";

    Platform platform;
    Api command;
    Api query;
    String coordinator;
    String auditor;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        coordinator = token("COORDINATOR");
        auditor = token("AUDITOR");
    }

    @Test
    void anErasedNote_isGoneFromEveryViewAndExport_whileTheChainsVerifyAndARebuildEqualsTheLiveViews() throws Exception {
        String day = openedDay();
        Instant seen = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        String closure = UUID.randomUUID().toString();
        Map<String, Object> report = Map.of("reportId", closure, "kind", "CLOSURE", "observedAt", seen.toString(),
                "business", Map.of("name", "Hmongtown Marketplace", "location", Map.of("lat", 44.9766, "lon", -93.1077),
                        "sector", "RETAIL"), "status", "CLOSED", "note", NOTE);
        assertThat(command.post("/api/days/" + day + "/reports", coordinator, report).status()).isEqualTo(201);
        assertThat(command.post("/api/days/" + day + "/reports/" + closure + "/corrections", coordinator,
                Map.of("note", CORRECTED_NOTE)).status()).isEqualTo(201);
        String headcount = UUID.randomUUID().toString();
        assertThat(command.post("/api/days/" + day + "/reports", coordinator, Map.of("reportId", headcount,
                "kind", "HEADCOUNT", "observedAt", seen.toString(), "rally", Map.of("name", "Target Center rally",
                        "location", Map.of("lat", 44.9795, "lon", -93.2761)), "headcount", 5_000,
                "method", "COUNTED", "note", KEPT_NOTE)).status()).isEqualTo(201);
        awaitApplied(day, lastPosition(day));
        Instant beforeErasure = Instant.now();

        assertThat(storedLog(day)).as("the log holds no note in plaintext")
                .doesNotContain("Mai Vang").doesNotContain(KEPT_NOTE);
        JsonNode before = feedReport(day, closure);
        assertThat(before.path("note").asString()).as("views open the sealed note").isEqualTo(CORRECTED_NOTE);
        assertThat(before.path("noteErased").asBoolean()).isFalse();

        assertThat(command.post("/api/days/" + day + "/reports/" + closure + "/note-erasure", auditor, "").status())
                .as("coordinators only").isEqualTo(403);
        Api.Answer erased = command.post("/api/days/" + day + "/reports/" + closure + "/note-erasure", coordinator, "");
        assertThat(erased.status()).as(erased.raw()).isEqualTo(200);
        assertThat(erased.body().path("noteInLog").asBoolean()).isFalse();
        long position = erased.body().path("position").asLong();
        assertThat(command.post("/api/days/" + day + "/reports/" + closure + "/note-erasure", coordinator, "")
                .body().path("position").asLong()).as("erasing again answers the erasure").isEqualTo(position);
        awaitApplied(day, position);

        // The feed and the report's history.
        JsonNode after = feedReport(day, closure);
        assertThat(after.path("note").isMissingNode()).as("the feed leaves an absent note out: " + after).isTrue();
        assertThat(after.path("noteErased").asBoolean()).isTrue();
        assertThat(after.path("status").asString()).as("no figure changes").isEqualTo("CLOSED");
        assertThat(feedReport(day, headcount).path("note").asString()).as("other notes stay").isEqualTo(KEPT_NOTE);
        JsonNode history = query.get("/api/days/" + day + "/reports/" + closure + "/history", coordinator).body();
        assertThat(history.path("noteErased").asBoolean()).isTrue();
        assertThat(history.path("events").valueStream().map(e -> e.path("event").path("type").asString()).toList())
                .containsExactly("ClosureReported", "ClosureCorrected", "NoteErased");
        assertThat(history.toString()).doesNotContain("Mai Vang");
        assertThat(history.path("events").get(2).path("changes").path("note_erased").toString())
                .isEqualTo("[false,true]");

        // The exports, now and as known before the erasure.
        for (Instant knownAt : new Instant[]{null, beforeErasure}) {
            String csv = download("/api/days/" + day + "/reports.csv" + (knownAt == null ? "" : "?knownAt=" + knownAt));
            List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
            List<String> row = List.of(csv.lines().filter(l -> l.startsWith(closure)).findFirst().orElseThrow()
                    .split(",", -1));
            assertThat(csv).doesNotContain("Mai Vang").contains(KEPT_NOTE);
            assertThat(row.get(header.indexOf("note"))).isEmpty();
            assertThat(row.get(header.indexOf("note_erased"))).isEqualTo("true");
            JsonNode geoJson = Api.JSON.readTree(download("/api/days/" + day + "/reports.geojson"
                    + (knownAt == null ? "" : "?knownAt=" + knownAt)));
            JsonNode properties = geoJson.path("features").valueStream().map(f -> f.path("properties"))
                    .filter(p -> p.path("reportId").asString().equals(closure)).findFirst().orElseThrow();
            assertThat(properties.path("note").isNull()).as(properties.toString()).isTrue();
            assertThat(properties.path("noteErased").asBoolean()).isTrue();
        }

        // The event log, as stored: the sealed notes can no longer be opened; the erasure is an event of its own.
        String log = download("/api/days/" + day + "/events.jsonl");
        assertThat(log).doesNotContain("Mai Vang").contains("\"sealedNote\"").contains("\"NoteErased\"");
        assertThat(keys(closure)).as("the report's key is gone").isZero();
        assertThat(keys(headcount)).isEqualTo(1);

        // A retry of the submission still counts once.
        assertThat(command.post("/api/days/" + day + "/reports", coordinator, report).status()).isEqualTo(200);

        JsonNode integrity = query.get("/api/days/" + day + "/integrity", auditor).body();
        assertThat(integrity.path("ok").asBoolean()).as(integrity.toString()).isTrue();

        Api.Answer started = query.post("/api/projections/rebuild", auditor, "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        JsonNode job = awaitRebuild(started.body().path("jobId").asString());
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("digestsEqual").asBoolean()).as(job.toString()).isTrue();
        assertThat(feedReport(day, closure).path("noteErased").asBoolean()).isTrue();
    }

    private String openedDay() {
        String day = "erasure-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        assertThat(command.post("/api/days", coordinator, Map.of("id", day, "name", "Erasure", "city", "Minneapolis",
                "timeZone", "America/Chicago", "startsAt", now.minus(6, ChronoUnit.HOURS).toString(),
                "endsAt", now.plus(6, ChronoUnit.HOURS).toString())).status()).isEqualTo(201);
        assertThat(command.post("/api/days/" + day + "/opening", coordinator, "").status()).isEqualTo(200);
        return day;
    }

    private JsonNode feedReport(String day, String reportId) {
        return query.get("/api/days/" + day + "/reports?limit=1000", coordinator).body().path("reports").valueStream()
                .filter(r -> r.path("reportId").asString().equals(reportId)).findFirst().orElseThrow();
    }

    private String download(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        platform.queryUrl().resolve(path)).header("Authorization", "Bearer " + auditor).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private String token(String role) {
        return command.post("/api/tokens", platform.adminToken(), Map.of("role", role, "label", role.toLowerCase()))
                .body().path("token").asString();
    }

    private JsonNode awaitRebuild(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job;
        do {
            Thread.sleep(100);
            job = query.get("/api/projections/rebuild/" + jobId, auditor).body();
        } while (job.path("state").asString().equals("RUNNING") && System.nanoTime() < deadline);
        return job;
    }

    private void awaitApplied(String day, long position) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (query.get("/api/days/" + day + "/tally", auditor).body().path("position").asLong() < position) {
            assertThat(System.nanoTime()).as("the query side reaches position " + position).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private long lastPosition(String day) throws SQLException {
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT max(globalindex) FROM domainevententry WHERE convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = '"
                        + day + "' AND aggregateidentifier NOT LIKE 'checkpoint:%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every stored payload of the day, as text. */
    private String storedLog(String day) throws SQLException {
        StringBuilder log = new StringBuilder();
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE convert_from(payload, 'UTF8')::jsonb"
                        + " ->> 'dayId' = '" + day + "'")) {
            while (rs.next()) {
                log.append(rs.getString(1)).append('\n');
            }
        }
        return log.toString();
    }

    private long keys(String reportId) throws SQLException {
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT count(*) FROM note_key WHERE report_id = '" + reportId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }
}
