package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field reporters end to end, both services as processes on a fresh PostgreSQL: a coordinator hands out
 * invite codes, a reporter joins with one and reports under a pseudonym, and loses their token when revoked;
 * bad input, oversized bodies and bursts are refused and store nothing.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportersIT {

    static final AtomicInteger DAYS = new AtomicInteger();

    Platform platform;
    Api command;
    Api query;
    String coordinator;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", "enrolment desk"));
        assertThat(issued.status()).isEqualTo(201);
        coordinator = issued.body().path("token").asString();
    }

    @Test
    void aReporter_joinsWithAnInviteCode_andReportsUnderAPseudonymOnly() throws Exception {
        String day = openDay();

        Api.Answer invited = command.post("/api/days/" + day + "/invites", coordinator,
                Map.of("count", 3, "expiresAt", Instant.now().plus(2, ChronoUnit.HOURS).toString()));

        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        List<String> codes = invited.body().path("codes").valueStream().map(JsonNode::asString).toList();
        assertThat(codes).hasSize(3).doesNotHaveDuplicates().allMatch(c -> c.matches("[2-9A-HJ-NP-Z]{10}"));
        assertThat(count("SELECT count(*) FROM invite WHERE code_hash = ?", sha256(codes.get(0)))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM invite WHERE code_hash = ?", codes.get(0))).isZero();

        // Typed on a phone: lower case, with a space, still works.
        String code = codes.get(0);
        Api.Answer joined = command.post("/api/join", null,
                Map.of("code", code.substring(0, 5).toLowerCase() + " " + code.substring(5)));

        assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
        String reporterId = joined.body().path("reporterId").asString();
        String token = joined.body().path("token").asString();
        assertThat(reporterId).matches("r-[a-z2-9]{12}");
        assertThat(joined.body().path("dayId").asString()).isEqualTo(day);
        JsonNode claims = claims(token);
        assertThat(claims.path("sub").asString()).isEqualTo(reporterId);
        assertThat(claims.path("role").asString()).isEqualTo("REPORTER");
        assertThat(claims.path("day").asString()).isEqualTo(day);

        Map<String, Object> closure = closure("Cedar Cultural Center", Instant.now().minusSeconds(120));
        Api.Answer reported = command.post("/api/days/" + day + "/reports", token, closure);

        assertThat(reported.status()).as(reported.raw()).isEqualTo(201);
        JsonNode report = Api.JSON.readTree(payloads(closure.get("reportId").toString()).get(0));
        assertThat(report.path("reporterId").asString()).isEqualTo(reporterId);
        List<String> enrolment = payloads(reporterId);
        assertThat(enrolment).hasSize(1);
        assertThat(Api.JSON.readTree(enrolment.get(0)).propertyNames()).containsExactlyInAnyOrder("reporterId", "dayId");
        for (String stored : List.of(everythingStoredAbout(reporterId), everythingStoredAbout(closure.get("reportId").toString()))) {
            assertThat(stored).doesNotContain(code, code.toLowerCase(), token, "127.0.0.1", "localhost");
        }
    }

    @Test
    void anInviteCode_worksOnce_andOnlyWhileItIsValid() throws Exception {
        String day = openDay();
        String code = invite(day, 1).get(0);
        String expired = "ABCDEFGH23";
        execute("INSERT INTO invite (code_hash, day_id, expires_at) VALUES (?, ?, now() - interval '1 minute')",
                sha256(expired), day);

        Api.Answer first = command.post("/api/join", null, Map.of("code", code));
        long events = storedEvents();
        Api.Answer again = command.post("/api/join", null, Map.of("code", code));
        Api.Answer tooLate = command.post("/api/join", null, Map.of("code", expired));
        Api.Answer unknown = command.post("/api/join", null, Map.of("code", "ZZZZZZZZZZ"));
        Api.Answer blank = command.post("/api/join", null, Map.of("code", "  "));
        Api.Answer missing = command.post("/api/join", null, Map.of());
        Api.Answer malformed = command.post("/api/join", null, Map.of("code", "10-OI"));
        // A token sent along anyway, even a bad one, does not stand in the way of joining.
        Api.Answer withToken = command.post("/api/join", "stale-token", Map.of("code", invite(day, 1).get(0)));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("status").asInt()).isEqualTo(409);
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.raw()).contains("\"status\":404", "\"title\"", "\"detail\"");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.badFields()).containsExactly("code");
        assertThat(missing.badFields()).containsExactly("code");
        assertThat(malformed.badFields()).containsExactly("code");
        assertThat(withToken.status()).as(withToken.raw()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(events + 1); // the last join only
        assertThat(count("SELECT count(*) FROM invite WHERE code_hash = ? AND NOT used", sha256(expired))).isEqualTo(1);
    }

    @Test
    void aUsedInvite_keepsNoTimeOfItsUse_thatCouldLinkItsCodeToAPseudonym() throws Exception {
        String day = openDay();
        String code = invite(day, 1).get(0);

        assertThat(command.post("/api/join", null, Map.of("code", code)).status()).isEqualTo(201);

        assertThat(count("SELECT count(*) FROM invite WHERE code_hash = ? AND used", sha256(code))).isEqualTo(1);
        assertThat(count("""
                SELECT count(*) FROM information_schema.columns
                WHERE table_name = 'invite' AND column_name <> 'expires_at'
                  AND (data_type LIKE 'timestamp%' OR data_type IN ('date', 'time without time zone', 'bigint'))""")).isZero();
    }

    @Test
    void aReporterToken_isBoundToItsDay_andToReporting() {
        String day = openDay();
        String otherDay = openDay();
        String reporter = join(day).path("token").asString();

        assertThat(command.post("/api/days/" + otherDay + "/reports", reporter,
                closure("Walker Art Center", Instant.now().minusSeconds(60))).status()).isEqualTo(403);
        assertThat(command.post("/api/days/" + day + "/invites", reporter,
                Map.of("count", 1, "expiresAt", Instant.now().plusSeconds(600).toString())).status()).isEqualTo(403);
        assertThat(command.post("/api/days/" + day + "/reports/" + UUID.randomUUID() + "/verdict", reporter,
                Map.of("verdict", "VERIFIED")).status()).isEqualTo(403);
        assertThat(command.post("/api/days/" + day + "/closing", reporter, "").status()).isEqualTo(403);
        assertThat(command.put("/api/days/" + day + "/zones", reporter,
                Map.of("type", "FeatureCollection", "features", List.of())).status()).isEqualTo(403);
        assertThat(query.get("/api/days", reporter).status()).isEqualTo(403);
        assertThat(command.post("/api/days/" + day + "/reports", reporter,
                closure("Moon Palace Books", Instant.now().minusSeconds(60))).status()).isEqualTo(201);
    }

    @Test
    void aRevokedToken_isRefusedAtOnceByTheCommandService_andSoonByTheQueryService() throws Exception {
        String day = openDay();
        String otherDay = openDay();
        JsonNode joined = join(day);
        String reporterId = joined.path("reporterId").asString();
        String reporter = joined.path("token").asString();
        assertThat(command.post("/api/days/" + day + "/reports", reporter,
                closure("Seward Co-op", Instant.now().minusSeconds(60))).status()).isEqualTo(201);
        assertThat(query.get("/api/days", reporter).status()).isEqualTo(403);
        String revocation = "/api/days/" + day + "/reporters/" + reporterId + "/revocation";

        Api.Answer revoked = command.post(revocation, coordinator, "");
        Api.Answer queryAfterwards = query.get("/api/days", reporter);
        Api.Answer afterwards = command.post("/api/days/" + day + "/reports", reporter,
                closure("Seward Co-op", Instant.now().minusSeconds(30)));
        Api.Answer again = command.post(revocation, coordinator, "");
        Api.Answer wrongDay = command.post("/api/days/" + otherDay + "/reporters/" + reporterId + "/revocation", coordinator, "");
        Api.Answer unknown = command.post("/api/days/" + day + "/reporters/r-nosuchperson/revocation", coordinator, "");

        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(204);
        assertThat(afterwards.status()).isEqualTo(401);
        assertThat(afterwards.body().path("detail").asString()).contains("revoked");
        assertThat(again.status()).isEqualTo(204);
        assertThat(payloads(reporterId)).hasSize(2); // enrolled, revoked: the second revocation recorded nothing
        assertThat(wrongDay.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(queryAfterwards.status()).as("the query service refuses the revoked token at once")
                .isEqualTo(401);
        assertThat(query.get("/api/days", coordinator).status()).isEqualTo(200);
    }

    @Test
    void badInvites_areRefusedNamingTheField_andStoreNothing() throws Exception {
        String day = openDay();
        String closed = openDay();
        assertThat(command.post("/api/days/" + closed + "/closing", coordinator, "").status()).isEqualTo(200);
        long invites = count("SELECT count(*) FROM invite");
        long events = storedEvents();
        String soon = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        String path = "/api/days/" + day + "/invites";

        Api.Answer none = command.post(path, coordinator, Map.of("count", 0, "expiresAt", soon));
        Api.Answer tooMany = command.post(path, coordinator, Map.of("count", 501, "expiresAt", soon));
        Api.Answer notANumber = command.post(path, coordinator, Map.of("count", "many", "expiresAt", soon));
        Api.Answer empty = command.post(path, coordinator, Map.of());
        Api.Answer past = command.post(path, coordinator,
                Map.of("count", 5, "expiresAt", Instant.now().minusSeconds(60).toString()));
        Api.Answer afterTheDay = command.post(path, coordinator,
                Map.of("count", 5, "expiresAt", Instant.now().plus(3, ChronoUnit.DAYS).toString()));
        Api.Answer unknownDay = command.post("/api/days/no-such-day/invites", coordinator, Map.of("count", 5, "expiresAt", soon));
        Api.Answer closedDay = command.post("/api/days/" + closed + "/invites", coordinator, Map.of("count", 5, "expiresAt", soon));

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.badFields()).containsExactly("count");
        assertThat(tooMany.badFields()).containsExactly("count");
        assertThat(notANumber.badFields()).containsExactly("count");
        assertThat(empty.badFields()).containsExactlyInAnyOrder("count", "expiresAt");
        assertThat(past.badFields()).containsExactly("expiresAt");
        assertThat(afterTheDay.badFields()).containsExactly("expiresAt");
        assertThat(unknownDay.status()).isEqualTo(404);
        assertThat(closedDay.status()).isEqualTo(409);
        assertThat(count("SELECT count(*) FROM invite")).isEqualTo(invites);
        assertThat(storedEvents()).isEqualTo(events);
    }

    @Test
    void aBodyOver64KiB_isRefusedWith413_whetherItsLengthIsDeclaredOrNot() throws Exception {
        String day = openDay();
        String reports = "/api/days/" + day + "/reports";
        Map<String, Object> huge = new java.util.HashMap<>(closure("Hennepin Theatre", Instant.now().minusSeconds(60)));
        huge.put("note", "x".repeat(70 * 1024));
        byte[] hugeBody = Api.JSON.writeValueAsBytes(huge);
        byte[] fineBody = Api.JSON.writeValueAsBytes(closure("Orpheum Theatre", Instant.now().minusSeconds(60)));
        long events = storedEvents();

        Api.Answer declared = command.post(reports, coordinator, huge);
        HttpResponse<String> chunked = postChunked(reports, coordinator, hugeBody);
        long afterRefusals = storedEvents();
        HttpResponse<String> chunkedButFine = postChunked(reports, coordinator, fineBody);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.raw()).contains("\"status\":413", "\"title\"", "\"detail\"");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(afterRefusals).isEqualTo(events);
        assertThat(chunkedButFine.statusCode()).as(chunkedButFine.body()).isEqualTo(201);
    }

    /** The test platform lets a reporter send a burst of 60 and then one request a second (see Platform). */
    @Test
    void aBurstOverTheRateLimit_isRefusedWith429AndRetryAfter() throws Exception {
        String day = openDay();
        String reporter = join(day).path("token").asString();
        long events = storedEvents();

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            // Bad input: answered 400 and stores nothing, but counts against the rate like any request.
            HttpResponse<String> answer = post("/api/days/" + day + "/reports", reporter, "{}");
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }

        assertThat(refused).as("a 429 within 200 requests; answers were %s", statuses).isNotNull();
        assertThat(statuses.indexOf(429)).as("the burst of 60 is served first").isGreaterThanOrEqualTo(60);
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(400);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(refused.body()).contains("\"status\":429");
        assertThat(storedEvents()).isEqualTo(events);
        // Other callers have buckets of their own.
        assertThat(command.post("/api/days/" + day + "/reports", coordinator,
                closure("Mercado Central", Instant.now().minusSeconds(60))).status()).isEqualTo(201);
    }

    @Test
    void aBurstOfReadsOverTheRateLimit_isRefusedWith429AndRetryAfter_byTheQueryServiceToo() throws Exception {
        String day = openDay();
        String reporter = join(day).path("token").asString();
        HttpClient client = HttpClient.newHttpClient();

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(platform.queryUrl()
                            .resolve("/api/days/" + day + "/reporters/me/reports"))
                    .header("Authorization", "Bearer " + reporter).build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }

        assertThat(refused).as("a 429 within 200 reads; answers were %s", statuses).isNotNull();
        assertThat(statuses.indexOf(429)).as("the burst of 60 is served first").isGreaterThanOrEqualTo(60);
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(200);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(refused.body()).contains("\"status\":429", "/problems/too-many-requests");
    }

    private String openDay() {
        String day = "it-reporters-" + DAYS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        Api.Answer planned = command.post("/api/days", coordinator, Map.of("id", day,
                "name", "Day of Truth and Freedom", "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", now.minus(6, ChronoUnit.HOURS).toString(), "endsAt", now.plus(12, ChronoUnit.HOURS).toString()));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        Api.Answer opened = command.post("/api/days/" + day + "/opening", coordinator, "");
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        // Reads of the day go to the query side: it knows the day once it processed through the opening (API.md).
        StaffClient.awaitQuery(query, coordinator, day, opened.body().path("position").asLong());
        return day;
    }

    private List<String> invite(String day, int count) {
        Api.Answer invited = command.post("/api/days/" + day + "/invites", coordinator,
                Map.of("count", count, "expiresAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        return invited.body().path("codes").valueStream().map(JsonNode::asString).toList();
    }

    private JsonNode join(String day) {
        Api.Answer joined = command.post("/api/join", null, Map.of("code", invite(day, 1).get(0)));
        assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
        return joined.body();
    }

    static Map<String, Object> closure(String name, Instant seen) {
        return Map.of("reportId", UUID.randomUUID().toString(), "kind", "CLOSURE", "observedAt", seen.toString(),
                "business", Map.of("name", name, "location", Map.of("lat", 44.9696, "lon", -93.2470), "sector", "CULTURE"),
                "status", "CLOSED", "reason", "WORKER_ACTION");
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(platform.commandUrl().resolve(path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A body of undeclared length: sent chunked. */
    private HttpResponse<String> postChunked(String path, String token, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(platform.commandUrl().resolve(path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The claims of a JWT, as anyone holding it can read them. */
    private static JsonNode claims(String jwt) {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String sha256(String code) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The payloads of an aggregate's events, in order. */
    private List<String> payloads(String aggregateId) throws Exception {
        return strings("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber", aggregateId);
    }

    /** Every event of an aggregate, payload and metadata, as one text. */
    private String everythingStoredAbout(String aggregateId) throws Exception {
        return String.join("\n", strings("SELECT payloadtype || convert_from(payload, 'UTF8') || coalesce(convert_from(metadata, 'UTF8'), '')"
                + " FROM domainevententry WHERE aggregateidentifier = ?", aggregateId));
    }

    private long storedEvents() throws Exception {
        // integrity checkpoints are recorded in the background: they are not what a request stored
        return count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier NOT LIKE 'checkpoint:%'");
    }

    private long count(String sql, Object... params) throws Exception {
        return Long.parseLong(strings(sql, params).get(0));
    }

    private List<String> strings(String sql, Object... params) throws Exception {
        try (Connection db = connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    private void execute(String sql, Object... params) throws Exception {
        try (Connection db = connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }
}
