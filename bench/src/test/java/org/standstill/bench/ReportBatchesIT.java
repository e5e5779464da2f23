package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches of reports end to end (API.md, "Batches"): every report of a batch is answered as its own call would be —
 * stored, repeated, refused for bad input, for a taken reportId or a closed day — a bad one never holds up the others,
 * the events stored are exactly those answered 201, and retries are answered as retries even once the day closed.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBatchesIT {

    Platform platform;
    StaffClient staff;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        staff = new StaffClient(platform);
    }

    @Test
    void aMixedBatch_answersEachReportAsItsOwnCallWould_andStoresOnlyTheNewOnes() {
        String day = staff.openDay("batch");
        Map<String, Object> market = closure(UUID.randomUUID(), "Hmongtown Marketplace", "CLOSED");
        market.put("business", Map.of("id", "hmongtown", "name", "Hmongtown Marketplace",
                "location", Map.of("lat", 44.9706, "lon", -93.1010), "sector", "RETAIL"));
        Map<String, Object> sameAgain = new LinkedHashMap<>(market);
        Map<String, Object> otherContent = new LinkedHashMap<>(market);
        otherContent.put("status", "OPEN");
        Map<String, Object> noStatus = closure(UUID.randomUUID(), "Midtown Global Market", "CLOSED");
        noStatus.remove("status");
        Map<String, Object> crossing = walkout(UUID.randomUUID(), 12);
        crossing.put("workplace", Map.of("id", "hmongtown", "name", "Hmongtown Marketplace",
                "location", Map.of("lat", 44.9706, "lon", -93.1010), "sector", "RETAIL"));
        Map<String, Object> unknownKind = closure(UUID.randomUUID(), "Lake Street Bakery", "CLOSED");
        unknownKind.put("kind", "PICKET");
        Map<String, Object> clinic = walkout(UUID.randomUUID(), 40);
        List<Object> reports = List.of(market, sameAgain, otherContent, noStatus, crossing, unknownKind, 7, clinic);

        JsonNode results = batch(day, reports);

        assertThat(statuses(results)).containsExactly(201, 200, 409, 400, 400, 400, 400, 201);
        JsonNode stored = results.get(0);
        assertThat(stored.path("reportId").asString()).isEqualTo(market.get("reportId"));
        assertThat(stored.path("subjectId").asString()).isEqualTo("hmongtown");
        assertThat(stored.path("position").asLong()).isPositive();
        assertThat(results.get(1).path("position").asLong()).isEqualTo(stored.path("position").asLong());
        assertThat(results.get(1).path("subjectId").asString()).isEqualTo("hmongtown");
        assertThat(results.get(2).path("problem").path("type").asString()).isEqualTo("/problems/report-id-taken");
        assertThat(fields(results.get(3))).containsExactly("status");
        assertThat(results.get(3).path("problem").path("status").asInt()).isEqualTo(400);
        assertThat(fields(results.get(4))).containsExactly("workplace.id");
        assertThat(fields(results.get(5))).containsExactly("kind");
        assertThat(fields(results.get(6))).containsExactly("body");
        assertThat(results.get(6).has("reportId")).isFalse();
        assertThat(results.get(7).path("position").asLong()).isNotEqualTo(stored.path("position").asLong());
        assertThat(stored(reports)).as("events stored: the two answered 201").isEqualTo(2);

        staff.awaitQuery(day, results.get(7).path("position").asLong());
        JsonNode tally = staff.tally(day);
        assertThat(tally.path("reports").path("total").asInt()).isEqualTo(2);
        assertThat(tally.path("businesses").path("closed").asInt()).isEqualTo(1);
        assertThat(tally.path("walkouts").path("workers").asInt()).isEqualTo(40);
    }

    @Test
    void aBatchSentAgain_isAnsweredWithTheFirstAnswers_andStoresNothing() {
        String day = staff.openDay("batch-again");
        List<Object> reports = List.of(closure(UUID.randomUUID(), "Seward Co-op", "CLOSED"), walkout(UUID.randomUUID(), 9),
                headcount(UUID.randomUUID(), 5000));
        JsonNode first = batch(day, reports);

        JsonNode again = batch(day, reports);

        assertThat(statuses(first)).containsExactly(201, 201, 201);
        assertThat(statuses(again)).containsExactly(200, 200, 200);
        for (int i = 0; i < 3; i++) {
            assertThat(again.get(i).path("position").asLong()).isEqualTo(first.get(i).path("position").asLong());
            assertThat(again.get(i).path("subjectId").asString()).isEqualTo(first.get(i).path("subjectId").asString());
        }
        assertThat(stored(reports)).isEqualTo(3);
    }

    @Test
    void afterTheDayClosed_retriesAreAnsweredAsRetries_andNewReportsAreRefused() {
        String day = staff.openDay("batch-closed");
        Map<String, Object> sent = closure(UUID.randomUUID(), "Black Garnet Books", "CLOSED");
        JsonNode first = batch(day, List.of(sent));
        Map<String, Object> single = walkout(UUID.randomUUID(), 15);
        Api.Answer singleFirst = staff.command.post("/api/days/" + day + "/reports", staff.coordinator, single);
        assertThat(singleFirst.status()).as(singleFirst.raw()).isEqualTo(201);
        Api.Answer closed = staff.command.post("/api/days/" + day + "/closing", staff.coordinator, "");
        assertThat(closed.status()).as(closed.raw()).isEqualTo(200);

        List<Object> late = List.of(sent, closure(UUID.randomUUID(), "Moon Palace Books", "CLOSED"));
        JsonNode afterClose = batch(day, late);
        Api.Answer singleRetry = staff.command.post("/api/days/" + day + "/reports", staff.coordinator, single);
        Map<String, Object> singleLate = walkout(UUID.randomUUID(), 3);
        Api.Answer singleNew = staff.command.post("/api/days/" + day + "/reports", staff.coordinator, singleLate);

        assertThat(statuses(afterClose)).containsExactly(200, 409);
        assertThat(afterClose.get(0).path("position").asLong()).isEqualTo(first.get(0).path("position").asLong());
        assertThat(afterClose.get(1).path("problem").path("type").asString()).isEqualTo("/problems/day-closed");
        assertThat(singleRetry.status()).as(singleRetry.raw()).isEqualTo(200);
        assertThat(singleRetry.body().path("position").asLong()).isEqualTo(singleFirst.body().path("position").asLong());
        assertThat(singleNew.status()).as(singleNew.raw()).isEqualTo(409);
        assertThat(singleNew.body().path("type").asString()).isEqualTo("/problems/day-closed");
        assertThat(stored(late)).isEqualTo(1);
        assertThat(stored(List.of(single, singleLate))).isEqualTo(1);
    }

    @Test
    void aBatchThatIsEmptyOrTooLarge_isRefusedNamingReports() {
        String day = staff.openDay("batch-size");
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(closure(UUID.randomUUID(), "Shop " + i, "CLOSED"));
        }
        for (Object body : List.of(Map.of("reports", List.of()), Map.of("reports", tooMany), Map.of("items", List.of()))) {
            Api.Answer answer = staff.command.post("/api/days/" + day + "/report-batches", staff.coordinator, body);
            assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
            assertThat(answer.body().path("errors").get(0).path("field").asString()).isEqualTo("reports");
        }
        assertThat(staff.command.post("/api/days/no-such-day/report-batches", staff.coordinator,
                Map.of("reports", List.of(closure(UUID.randomUUID(), "Nowhere", "CLOSED")))).status()).isEqualTo(404);
    }

    @Test
    void aReporter_batchesOnTheirOwnDayOnly() {
        String day = staff.openDay("batch-reporter");
        String other = staff.openDay("batch-other");
        Api.Answer joined = staff.command.post("/api/join", null, Map.of("code", staff.invites(day, 1).get(0)));
        String reporter = joined.body().path("token").asString();

        Api.Answer own = staff.command.post("/api/days/" + day + "/report-batches", reporter,
                Map.of("reports", List.of(closure(UUID.randomUUID(), "Cafe Racer", "CLOSED"))));
        Api.Answer elsewhere = staff.command.post("/api/days/" + other + "/report-batches", reporter,
                Map.of("reports", List.of(closure(UUID.randomUUID(), "Cafe Racer", "CLOSED"))));

        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(statuses(own.body().path("results"))).containsExactly(201);
        assertThat(elsewhere.status()).as(elsewhere.raw()).isEqualTo(403);
    }

    private JsonNode batch(String day, List<Object> reports) {
        Api.Answer answer = staff.command.post("/api/days/" + day + "/report-batches", staff.coordinator,
                Map.of("reports", reports));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode results = answer.body().path("results");
        assertThat(results.size()).isEqualTo(reports.size());
        return results;
    }

    /** How many events the log holds of these reports (read from the event store itself, committed or not seen yet). */
    private long stored(List<?> reports) {
        List<String> ids = reports.stream().filter(r -> r instanceof Map<?, ?>).map(r -> (String) ((Map<?, ?>) r).get("reportId"))
                .filter(java.util.Objects::nonNull).distinct().toList();
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(),
                platform.databasePassword());
             PreparedStatement count = db.prepareStatement(
                     "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ANY(?)")) {
            count.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> statuses(JsonNode results) {
        return results.valueStream().map(r -> r.path("status").asInt()).toList();
    }

    private static List<String> fields(JsonNode result) {
        return result.path("problem").path("errors").valueStream().map(e -> e.path("field").asString()).toList();
    }

    private static Map<String, Object> closure(UUID reportId, String name, String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", reportId.toString());
        body.put("kind", "CLOSURE");
        body.put("observedAt", Instant.now().minusSeconds(60).toString());
        body.put("business", Map.of("name", name, "location", Map.of("lat", 44.95, "lon", -93.26), "sector", "RETAIL"));
        body.put("status", status);
        body.put("reason", "WORKER_ACTION");
        return body;
    }

    private static Map<String, Object> walkout(UUID reportId, int participants) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", reportId.toString());
        body.put("kind", "WALKOUT");
        body.put("observedAt", Instant.now().minusSeconds(90).toString());
        body.put("workplace", Map.of("name", "Abbott Northwestern", "location", Map.of("lat", 44.952, "lon", -93.262),
                "sector", "HEALTHCARE"));
        body.put("type", "SICKOUT");
        body.put("participants", participants);
        body.put("workforce", participants * 3);
        return body;
    }

    private static Map<String, Object> headcount(UUID reportId, int headcount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", reportId.toString());
        body.put("kind", "HEADCOUNT");
        body.put("observedAt", Instant.now().minusSeconds(30).toString());
        body.put("rally", Map.of("name", "Target Center rally", "location", Map.of("lat", 44.9795, "lon", -93.2761)));
        body.put("headcount", headcount);
        body.put("method", "DENSITY_ESTIMATE");
        return body;
    }
}
