package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what (API.md's role tables): every operation of both services' {@code /v3/api-docs} × ten callers —
 * no token, a bad signature, an expired token, a revoked staff token, a revoked reporter, a reporter of another day,
 * a reporter of the day, a coordinator, an auditor, the admin — answers the status the contract gives: 401 for a
 * missing, invalid, expired or revoked token, 403 for a wrong role or a reporter of another day, and for an allowed
 * caller the operation's own success status to a valid request (each cell gets its own fresh day, report or reporter,
 * so that a refusal is for the caller and nothing else). Then STOMP: who may CONNECT, what may be SUBSCRIBEd.
 *
 * <p>Every documented operation must have a row of {@link #rows()} and every row an operation: a new endpoint fails
 * here until its one line is added.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {

    enum Caller { NO_TOKEN, BAD_SIGNATURE, EXPIRED, REVOKED_STAFF, REVOKED_REPORTER, REPORTER_OF_ANOTHER_DAY, REPORTER,
        COORDINATOR, AUDITOR, ADMIN }

    /** Who is let in: roles (ADMIN holds every COORDINATOR and AUDITOR right), or anyone. */
    enum Access { COORDINATOR, AUDITOR, REPORTER, ADMIN, ANYONE, ANYONE_TOKEN_IGNORED }

    /** A request of one cell: built afresh for each caller. */
    record Request(String method, String path, Object body) {
    }

    /** One operation: its service, the callers let in, the status of a valid request, and how to make one. */
    record Row(boolean query, String method, String path, Set<Access> access, int success,
               Function<Caller, Request> request, Consumer<Http.Response> after) {

        String operation() {
            return (query ? "query-service " : "command-service ") + method + " " + path;
        }

        Row then(Consumer<Http.Response> after) {
            return new Row(query, method, path, access, success, request, after);
        }

        /** The status the contract gives this caller. */
        int expected(Caller caller) {
            boolean anyone = access.contains(Access.ANYONE) || access.contains(Access.ANYONE_TOKEN_IGNORED);
            boolean badToken = switch (caller) {
                case BAD_SIGNATURE, EXPIRED, REVOKED_STAFF, REVOKED_REPORTER -> true;
                default -> false;
            };
            if (anyone) {
                return badToken && !access.contains(Access.ANYONE_TOKEN_IGNORED) ? 401 : success;
            }
            if (badToken || caller == Caller.NO_TOKEN) {
                return 401;
            }
            boolean allowed = switch (caller) {
                case REPORTER -> access.contains(Access.REPORTER);
                case COORDINATOR -> access.contains(Access.COORDINATOR);
                case AUDITOR -> access.contains(Access.AUDITOR);
                case ADMIN -> access.contains(Access.ADMIN) || access.contains(Access.COORDINATOR)
                        || access.contains(Access.AUDITOR);
                default -> false; // a reporter of another day
            };
            return allowed ? success : 403;
        }
    }

    static final Set<Access> STAFF = EnumSet.of(Access.COORDINATOR, Access.AUDITOR);
    static final Set<Access> COORDINATORS = EnumSet.of(Access.COORDINATOR);
    static final Set<Access> AUDITORS = EnumSet.of(Access.AUDITOR);
    static final Set<Access> ADMINS = EnumSet.of(Access.ADMIN);
    static final Set<Access> STAFF_AND_REPORTERS = EnumSet.of(Access.COORDINATOR, Access.AUDITOR, Access.REPORTER);
    static final Set<Access> COORDINATORS_AND_REPORTERS = EnumSet.of(Access.COORDINATOR, Access.REPORTER);
    static final Set<Access> ADMINS_AND_AUDITORS = EnumSet.of(Access.ADMIN, Access.AUDITOR);

    Platform platform;
    Api command;
    Api query;
    final Map<Caller, String> tokens = new LinkedHashMap<>();
    String coordinator;
    String day;
    String report;
    String rebuild;
    String campaign;

    /**
     * The table: one line per documented operation. {@code c} is the caller of the cell, for a request that depends
     * on who sends it (a reporter corrects a report of their own).
     */
    List<Row> rows() {
        return List.of(
                cmd("POST", "/api/tokens", ADMINS, 201, c -> post("/api/tokens", Map.of("role", "AUDITOR", "label", "matrix"))),
                cmd("POST", "/api/tokens/{tokenId}/revocation", ADMINS, 204, c -> post("/api/tokens/" + issued("COORDINATOR") + "/revocation", "")),
                cmd("POST", "/api/days", COORDINATORS, 201, c -> post("/api/days", dayBody(newDayId()))),
                cmd("PUT", "/api/days/{dayId}/zones", COORDINATORS, 200, c -> new Request("PUT", "/api/days/" + plannedDay() + "/zones", zones())),
                cmd("POST", "/api/days/{dayId}/opening", COORDINATORS, 200, c -> post("/api/days/" + plannedDay() + "/opening", "")),
                cmd("POST", "/api/days/{dayId}/closing", COORDINATORS, 200, c -> post("/api/days/" + liveDay() + "/closing", "")),
                cmd("POST", "/api/days/{dayId}/invites", COORDINATORS, 201, c -> post("/api/days/" + day + "/invites", invitesBody())),
                cmd("POST", "/api/join", EnumSet.of(Access.ANYONE_TOKEN_IGNORED), 201, c -> post("/api/join", Map.of("code", invite(day)))),
                cmd("POST", "/api/days/{dayId}/reporters/{reporterId}/revocation", COORDINATORS, 204, c -> post("/api/days/" + day + "/reporters/" + join(day).path("reporterId").asString() + "/revocation", "")),
                cmd("POST", "/api/days/{dayId}/reports", COORDINATORS_AND_REPORTERS, 201, c -> post("/api/days/" + day + "/reports", closure(UUID.randomUUID()))),
                cmd("POST", "/api/days/{dayId}/report-batches", COORDINATORS_AND_REPORTERS, 200, c -> post("/api/days/" + day + "/report-batches", Map.of("reports", List.of(closure(UUID.randomUUID()))))),
                cmd("POST", "/api/days/{dayId}/reports/{reportId}/note-erasure", COORDINATORS, 200, c -> post("/api/days/" + day + "/reports/" + report + "/note-erasure", "")),
                cmd("POST", "/api/days/{dayId}/reports/{reportId}/corrections", COORDINATORS_AND_REPORTERS, 201, c -> post("/api/days/" + day + "/reports/" + reportOf(c) + "/corrections", Map.of("status", "PARTIAL"))),
                cmd("POST", "/api/days/{dayId}/reports/{reportId}/retraction", COORDINATORS_AND_REPORTERS, 200, c -> post("/api/days/" + day + "/reports/" + reportOf(c) + "/retraction", "")),
                cmd("POST", "/api/days/{dayId}/reports/{reportId}/verdict", COORDINATORS, 200, c -> post("/api/days/" + day + "/reports/" + report + "/verdict", Map.of("verdict", "VERIFIED"))),
                cmd("POST", "/api/campaigns", COORDINATORS, 201, c -> post("/api/campaigns", Map.of("id", newDayId(), "name", "Matrix campaign"))),
                cmd("PUT", "/api/days/{dayId}/campaign", COORDINATORS, 200, c -> new Request("PUT", "/api/days/" + plannedDay() + "/campaign", Map.of("campaignId", campaign))),

                qry("GET", "/api/config", EnumSet.of(Access.ANYONE), 200, c -> get("/api/config")),
                qry("GET", "/api/tiles/{z}/{x}/{y}", EnumSet.of(Access.ANYONE), 200, c -> get("/api/tiles/0/0/0")),
                qry("GET", "/api/days", STAFF, 200, c -> get("/api/days")),
                qry("GET", "/api/days/{dayId}", STAFF_AND_REPORTERS, 200, c -> get("/api/days/" + day)),
                qry("GET", "/api/days/{dayId}/zones", STAFF, 200, c -> get("/api/days/" + day + "/zones")),
                qry("GET", "/api/days/{dayId}/places", STAFF_AND_REPORTERS, 200, c -> get("/api/days/" + day + "/places?lat=44.97&lon=-93.10")),
                qry("GET", "/api/days/{dayId}/reporters/me/reports", STAFF_AND_REPORTERS, 200, c -> get("/api/days/" + day + "/reporters/me/reports")),
                qry("GET", "/api/days/{dayId}/tally", STAFF, 200, c -> get("/api/days/" + day + "/tally")),
                qry("GET", "/api/days/{dayId}/map", STAFF, 200, c -> get("/api/days/" + day + "/map")),
                qry("GET", "/api/days/{dayId}/timeline", STAFF, 200, c -> get("/api/days/" + day + "/timeline?bucket=PT1H")),
                qry("GET", "/api/days/{dayId}/reports", STAFF, 200, c -> get("/api/days/" + day + "/reports?limit=5")),
                qry("GET", "/api/days/{dayId}/reports/{reportId}/history", STAFF, 200, c -> get("/api/days/" + day + "/reports/" + report + "/history")),
                qry("GET", "/api/days/{dayId}/events", AUDITORS, 200, c -> get("/api/days/" + day + "/events?limit=5")),
                qry("GET", "/api/days/{dayId}/events.jsonl", AUDITORS, 200, c -> get("/api/days/" + day + "/events.jsonl")),
                qry("GET", "/api/days/{dayId}/reports.csv", AUDITORS, 200, c -> get("/api/days/" + day + "/reports.csv")),
                qry("GET", "/api/days/{dayId}/reports.geojson", AUDITORS, 200, c -> get("/api/days/" + day + "/reports.geojson")),
                qry("GET", "/api/days/{dayId}/integrity", AUDITORS, 200, c -> get("/api/days/" + day + "/integrity")),
                qry("GET", "/api/campaigns", STAFF, 200, c -> get("/api/campaigns")),
                qry("GET", "/api/campaigns/{campaignId}", STAFF, 200, c -> get("/api/campaigns/" + campaign)),
                qry("GET", "/api/campaigns/{campaignId}/tally", STAFF, 200, c -> get("/api/campaigns/" + campaign + "/tally")),
                qry("GET", "/api/campaigns/{campaignId}/map", STAFF, 200, c -> get("/api/campaigns/" + campaign + "/map")),
                qry("GET", "/api/campaigns/{campaignId}/timeline", STAFF, 200, c -> get("/api/campaigns/" + campaign + "/timeline?bucket=PT1H")),
                qry("GET", "/api/campaigns/{campaignId}/events.jsonl", AUDITORS, 200, c -> get("/api/campaigns/" + campaign + "/events.jsonl")),
                qry("GET", "/api/campaigns/{campaignId}/integrity", AUDITORS, 200, c -> get("/api/campaigns/" + campaign + "/integrity")),
                qry("GET", "/api/projections", ADMINS_AND_AUDITORS, 200, c -> get("/api/projections")),
                qry("POST", "/api/projections/rebuild", ADMINS_AND_AUDITORS, 202, c -> post("/api/projections/rebuild", "")).then(this::awaitRebuild),
                qry("GET", "/api/projections/rebuild/{jobId}", ADMINS_AND_AUDITORS, 200, c -> get("/api/projections/rebuild/" + rebuild)),
                qry("POST", "/api/invite-sheet", COORDINATORS, 200, c -> post("/api/invite-sheet", Map.of("codes", List.of("ABCDEFGH23")))));
    }

    @BeforeAll
    void prepare(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        coordinator = issuedToken("COORDINATOR");
        day = liveDay();
        report = submit(coordinator, day);
        campaign = "matrix-campaign-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Answer created = command.post("/api/campaigns", coordinator, Map.of("id", campaign, "name", "Matrix"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String otherDay = liveDay();

        JsonNode reporter = join(day);
        String revokedReporter = join(day).path("token").asString();
        JsonNode revoked = Api.JSON.readTree(Base64.getUrlDecoder().decode(revokedReporter.split("\\.")[1]));
        assertThat(command.post("/api/days/" + day + "/reporters/" + revoked.path("sub").asString() + "/revocation",
                coordinator, "").status()).isEqualTo(204);
        Api.Answer staff = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", "to revoke"));
        assertThat(command.post("/api/tokens/" + staff.body().path("tokenId").asString() + "/revocation",
                platform.adminToken(), "").status()).isEqualTo(204);

        tokens.put(Caller.NO_TOKEN, null);
        tokens.put(Caller.BAD_SIGNATURE, ForgedTokens.staff("not-the-secret-" + UUID.randomUUID(), "COORDINATOR",
                Instant.now().plus(1, ChronoUnit.HOURS)));
        tokens.put(Caller.EXPIRED, ForgedTokens.staff(platform.tokenSecret(), "COORDINATOR",
                Instant.now().minus(1, ChronoUnit.HOURS)));
        tokens.put(Caller.REVOKED_STAFF, staff.body().path("token").asString());
        tokens.put(Caller.REVOKED_REPORTER, revokedReporter);
        tokens.put(Caller.REPORTER_OF_ANOTHER_DAY, join(otherDay).path("token").asString());
        tokens.put(Caller.REPORTER, reporter.path("token").asString());
        tokens.put(Caller.COORDINATOR, coordinator);
        tokens.put(Caller.AUDITOR, issuedToken("AUDITOR"));
        tokens.put(Caller.ADMIN, platform.adminToken());

        // The query side learns of a reporter's revocation from the log: wait until it refuses the token.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (query.get("/api/days/" + day, revokedReporter).status() != 401 && System.nanoTime() < deadline) {
            DayDriver.pause(100);
        }
        Api.Answer started = query.post("/api/projections/rebuild", platform.adminToken(), "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        rebuild = started.body().path("jobId").asString();
        awaitRebuild(rebuild);
        new StaffClient(platform).awaitQuery(day, command.post("/api/days/" + day + "/reports", coordinator,
                closure(UUID.randomUUID())).body().path("position").asLong());
        // by now the query side also knows the campaign, created before that report
        assertThat(query.get("/api/campaigns/" + campaign, coordinator).status()).isEqualTo(200);
    }

    @Test
    void everyDocumentedOperation_hasARow_andEveryRowADocumentedOperation() {
        Set<String> documented = new TreeSet<>();
        for (boolean isQuery : new boolean[]{false, true}) {
            JsonNode docs = (isQuery ? query : command).get("/v3/api-docs", null).body();
            docs.path("paths").properties().forEach(path -> path.getValue().propertyNames().forEach(method ->
                    documented.add((isQuery ? "query-service " : "command-service ") + method.toUpperCase() + " " + path.getKey())));
        }
        Set<String> tabled = new TreeSet<>();
        rows().forEach(row -> assertThat(tabled.add(row.operation())).as("two rows for " + row.operation()).isTrue());

        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(tabled);
        Set<String> stale = new TreeSet<>(tabled);
        stale.removeAll(documented);
        assertThat(missing).as("documented operations without a row in AccessMatrixIT.rows()").isEmpty();
        assertThat(stale).as("rows of AccessMatrixIT.rows() whose operation is not documented").isEmpty();
    }

    @Test
    void everyOperation_answersEachCaller_theStatusOfTheContract() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Row row : rows()) {
            for (Caller caller : Caller.values()) {
                Request request = row.request().apply(caller);
                if (caller == Caller.NO_TOKEN || tokens.get(caller) == null) {
                    DayDriver.pause(60); // below the limit the tests' one client address shares
                }
                byte[] body = request.body() == null ? null : (request.body() instanceof String s ? s : Api.JSON
                        .writeValueAsString(request.body())).getBytes(StandardCharsets.UTF_8);
                Http.Response answer = Http.send(row.query() ? platform.queryUrl() : platform.commandUrl(),
                        request.method(), request.path(), tokens.get(caller), body == null ? null : "application/json",
                        body, false);
                cells++;
                int expected = row.expected(caller);
                String problem = answer.status() >= 400 ? answer.notAProblem() : null;
                if (answer.status() != expected || problem != null) {
                    wrong.add(row.operation() + " as " + caller + ": expected " + expected + ", got " + answer
                            + (problem == null ? "" : " (" + problem + ")"));
                }
                if (answer.status() == row.success() && row.after() != null) {
                    row.after().accept(answer);
                }
            }
        }
        System.out.println("AccessMatrixIT: " + cells + " cells");
        assertThat(wrong).as("cells whose answer is not the contract's").isEmpty();
    }

    @Test
    void stompConnect_isForCoordinatorsAuditorsAndTheAdminOnly() throws Exception {
        Set<Caller> watchers = EnumSet.of(Caller.COORDINATOR, Caller.AUDITOR, Caller.ADMIN);
        List<String> wrong = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            try (Stomp stomp = Stomp.connect(platform.queryUrl(), tokens.get(caller))) {
                String frame = stomp.next();
                String expected = watchers.contains(caller) ? "CONNECTED" : "ERROR";
                if (!Stomp.command(frame).equals(expected)) {
                    wrong.add(caller + ": expected " + expected + ", got " + frame);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void stompSubscribe_takesADaysLiveViewsAndARebuild_andRefusesEverythingElse() throws Exception {
        for (Caller caller : List.of(Caller.COORDINATOR, Caller.AUDITOR, Caller.ADMIN)) {
            // A subscription to the tally is answered at once with the day's tally; one refused, with an ERROR (and the
            // connection closed) before anything else.
            for (String topic : List.of("/topic/days/" + day + "/map", "/topic/days/" + day + "/feed",
                    "/topic/rebuilds/" + rebuild, "/topic/campaigns/" + campaign + "/tally",
                    "/topic/campaigns/" + campaign + "/days", "/topic/days/" + day + "/tally")) {
                try (Stomp stomp = connected(tokens.get(caller))) {
                    stomp.subscribe(topic);
                    stomp.subscribe("/topic/days/" + day + "/tally");
                    assertThat(Stomp.command(stomp.next())).as(caller + " " + topic + ", then the tally").isEqualTo("MESSAGE");
                }
            }
        }
        for (String refused : List.of("/topic/days/" + day + "/secrets", "/topic/days/*/tally", "/topic/**",
                "/topic/days/" + day.toUpperCase() + "/tally", "/queue/anything", "/user/queue/errors",
                "/topic/days/" + day + "/tally/../../rebuilds", "/app/tally", "/topic/rebuilds/not-a-job",
                "/topic/campaigns/" + campaign + "/map", "/topic/campaigns/*/tally", "/topic/campaigns/*/days")) {
            try (Stomp stomp = connected(coordinator)) {
                stomp.subscribe(refused);
                // An ERROR frame, after which the service closes the socket: the client may see the close first.
                assertThat(Stomp.command(stomp.next())).as(refused).isIn("ERROR", "CLOSED");
            }
        }
        try (Stomp stomp = connected(coordinator)) {
            stomp.send("/topic/days/" + day + "/tally", "{\"position\":999999999}");
            // Refused with an ERROR frame, after which the service closes the socket: the client may see the close
            // first (CI saw CLOSED once). Either way the frame is refused, not relayed.
            assertThat(Stomp.command(stomp.next())).as("SEND").isIn("ERROR", "CLOSED");
        }
    }

    @Test
    void stompSubscribe_isRefused_onceTheConnectionsTokenIsRevoked() throws Exception {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "AUDITOR", "label", "watch"));
        try (Stomp stomp = connected(issued.body().path("token").asString())) {
            assertThat(command.post("/api/tokens/" + issued.body().path("tokenId").asString() + "/revocation",
                    platform.adminToken(), "").status()).isEqualTo(204);
            stomp.subscribe("/topic/days/" + day + "/tally");
            assertThat(Stomp.command(stomp.next())).isEqualTo("ERROR");
        }
    }

    // ------------------------------------------------------------------------------------------ requests

    private static Row cmd(String method, String path, Set<Access> access, int success, Function<Caller, Request> request) {
        return new Row(false, method, path, access, success, request, null);
    }

    private static Row qry(String method, String path, Set<Access> access, int success, Function<Caller, Request> request) {
        return new Row(true, method, path, access, success, request, null);
    }

    private static Request post(String path, Object body) {
        return new Request("POST", path, body);
    }

    private static Request get(String path) {
        return new Request("GET", path, null);
    }

    /** A report of the day this caller may change: a reporter's own, else one a coordinator sent. */
    private String reportOf(Caller caller) {
        return submit(caller == Caller.REPORTER ? tokens.get(Caller.REPORTER) : coordinator, day);
    }

    private String submit(String token, String dayId) {
        Map<String, Object> closure = closure(UUID.randomUUID());
        Api.Answer answer = command.post("/api/days/" + dayId + "/reports", token, closure);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return closure.get("reportId").toString();
    }

    private static Map<String, Object> closure(UUID reportId) {
        return Map.of("reportId", reportId.toString(), "kind", "CLOSURE",
                "observedAt", Instant.now().minusSeconds(60).toString(),
                "business", Map.of("name", "Matrix Hardware", "location", Map.of("lat", 44.97, "lon", -93.10),
                        "sector", "RETAIL"), "status", "CLOSED");
    }

    private String newDayId() {
        return "matrix-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> dayBody(String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Map.of("id", id, "name", "Access matrix", "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", now.minus(6, ChronoUnit.HOURS).toString(), "endsAt", now.plus(12, ChronoUnit.HOURS).toString(),
                "zones", zones());
    }

    private static Map<String, Object> zones() {
        return Map.of("type", "FeatureCollection", "features", List.of(StaffClient.DOWNTOWN));
    }

    private String plannedDay() {
        String id = newDayId();
        Api.Answer planned = command.post("/api/days", coordinator, dayBody(id));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        return id;
    }

    private String liveDay() {
        String id = plannedDay();
        Api.Answer opened = command.post("/api/days/" + id + "/opening", coordinator, "");
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        return id;
    }

    private Map<String, Object> invitesBody() {
        return Map.of("count", 1, "expiresAt", Instant.now().plus(1, ChronoUnit.HOURS).toString());
    }

    private String invite(String dayId) {
        Api.Answer invited = command.post("/api/days/" + dayId + "/invites", coordinator, invitesBody());
        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        return invited.body().path("codes").get(0).asString();
    }

    private JsonNode join(String dayId) {
        String code = invite(dayId);
        DayDriver.pause(60); // the tests' one client address has a limit of its own
        Api.Answer joined = command.post("/api/join", null, Map.of("code", code));
        assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
        return joined.body();
    }

    private String issuedToken(String role) {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", role, "label", "matrix"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().path("token").asString();
    }

    private String issued(String role) {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", role, "label", "matrix"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().path("tokenId").asString();
    }

    private void awaitRebuild(Http.Response started) {
        awaitRebuild(started.json().path("jobId").asString());
    }

    /** One rebuild runs at a time: the next cell's may start once this one is done. */
    private void awaitRebuild(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Api.Answer status = query.get("/api/projections/rebuild/" + jobId, platform.adminToken());
            if (status.status() == 200 && !status.body().path("state").asString().equals("RUNNING")) {
                return;
            }
            DayDriver.pause(200);
        }
        throw new AssertionError("rebuild " + jobId + " did not end within a minute");
    }

    private Stomp connected(String token) throws Exception {
        Stomp stomp = Stomp.connect(platform.queryUrl(), token);
        String frame = stomp.next();
        assertThat(Stomp.command(frame)).as(frame).isEqualTo("CONNECTED");
        return stomp;
    }

}
