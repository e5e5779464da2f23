package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, "the count cannot be broken": well over a thousand hostile inputs, generated from a seed, sent to every
 * POST (and PUT) operation of both services — wrong types, missing and extra fields, huge and negative numbers, NaN,
 * invalid UTF-8, deeply nested JSON, bodies of 64 KiB + 1, control characters and odd unicode in names, HTML and SQL
 * in text, dates out of range, ids of another day. Every input is invalid by construction (a hostile text that would
 * be fine on its own always travels with something that is not), so every answer must be a 4xx RFC 9457 problem
 * naming the bad field where there is one, the log must hold exactly the events it held before, and both services
 * must stay healthy.
 *
 * <p>Replay a failure with {@code -Dstandstill.fuzz.seed=<the seed printed>}. The inputs go out one at a time, each
 * caller below its rate limit, so that every answer is a real validation and the other tests find their limits
 * untouched.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final long SEED = Long.getLong("standstill.fuzz.seed", new SecureRandom().nextLong());
    static final int MAX_BODY = 64 * 1024;
    /** A batch of reports may be larger (standstill.limits.max-batch). */
    static final int MAX_BATCH = 4 * 1024 * 1024;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The value of a field left out of the body. */
    static final JsonNode MISSING = NODES.missingNode();
    /** Operations whose only input is the caller (covered by AccessMatrixIT): a body is ignored, so none is hostile. */
    static final Set<String> WITHOUT_INPUT = Set.of("POST /api/projections/rebuild");

    /** Text a client may well send: odd, but harmless once it is stored and shown as text. */
    static final List<String> ODD_TEXT = List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "'; DROP TABLE domainevententry; --", "\" OR 1=1 --", "Robert'); DELETE FROM invite;--", "مرحبا بالعالم",
            "\u202Egnp.exe", "Z̴̡̛a̷l̸g̵o̶", "🏳️‍🌈✊🏽", "日本語の店", "Ｆｕｌｌｗｉｄｔｈ", "{{7*7}}", "${jndi:ldap://x/a}",
            "%s%s%n", "../../etc/passwd", "null", "Ⓢⓣⓐⓝⓓⓢⓣⓘⓛⓛ", "ﷺ", "e\u0301e\u0301");
    /** Text that is not text: control characters and halves of surrogate pairs. */
    static final List<String> CONTROL_TEXT = List.of("Shop\u0000", "\u0000", "bell\u0007", "\u001b[31mred",
            "esc\u001b", "del\u007f", "c1\u0085", "half\uD800", "\uDFFFhalf", "tab\u000b");
    static final List<String> RAW_LITERALS = List.of("NaN", "Infinity", "-Infinity", "0x10", "012", ".5", "+1",
            "undefined", "True", "'single'", "--1");

    Platform platform;
    Api command;
    String admin;
    String auditor;
    final List<String> coordinators = new ArrayList<>();
    final List<String> reporters = new ArrayList<>();
    String reporterOfB;
    String reporterIdOfA;
    String reporterIdOfB;
    String usedCode;
    Day dayA;
    Day dayB;
    Day plannedC;
    String campaign;
    Day closedD;
    UUID closureA;
    UUID walkoutA;
    UUID headcountA;
    UUID reportB;
    UUID reportD;
    UUID retractedA;
    String rallySubjectA;
    Map<String, Object> closureBodyA;
    final Random random = new Random(SEED);
    final List<Input> inputs = new ArrayList<>();
    int turn;

    record Day(String id, Instant startsAt, Instant endsAt) {
    }

    enum Who { COORDINATOR, ADMIN, ANONYMOUS, REPORTER, REPORTER_OF_B }

    /** One hostile request, the answers it may get, and the fields a 400 must name. */
    record Input(String operation, String what, Who who, boolean query, String method, String path,
                 String contentType, byte[] body, boolean chunked, Set<Integer> statuses, Set<String> fields) {
    }

    /** A bad value of a field; {@code structural}: the body cannot be read (one such is named, parsing stops). */
    record Bad(String field, JsonNode value, boolean structural, String named) {

        static Bad semantic(String field, JsonNode value) {
            return new Bad(field, value, false, field);
        }

        static Bad structural(String field, JsonNode value) {
            return new Bad(field, value, true, field);
        }
    }

    @BeforeAll
    void prepare(Platform platform) throws Exception {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        admin = platform.adminToken();
        System.out.println("HostileInputIT seed: " + SEED + " (replay with -Dstandstill.fuzz.seed=" + SEED + ")");
        for (int i = 0; i < 4; i++) {
            coordinators.add(staff("COORDINATOR", "fuzz desk " + i));
        }
        auditor = staff("AUDITOR", "fuzz auditor");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        dayA = plan("fuzz-a", now.minus(6, ChronoUnit.HOURS), now.plus(12, ChronoUnit.HOURS), true);
        dayB = plan("fuzz-b", now.minus(6, ChronoUnit.HOURS), now.plus(12, ChronoUnit.HOURS), true);
        plannedC = plan("fuzz-c", now.plus(1, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS), false);
        closedD = plan("fuzz-d", now.minus(6, ChronoUnit.HOURS), now.plus(12, ChronoUnit.HOURS), true);

        closureBodyA = closure(UUID.randomUUID(), "Cedar Cultural Center");
        closureA = submit(dayA, closureBodyA);
        walkoutA = submit(dayA, walkout(UUID.randomUUID()));
        Map<String, Object> rally = headcount(UUID.randomUUID());
        headcountA = submit(dayA, rally);
        rallySubjectA = command.post("/api/days/" + dayA.id + "/reports", coordinators.get(0), rally).body()
                .path("subjectId").asString();
        retractedA = submit(dayA, closure(UUID.randomUUID(), "Moon Palace Books"));
        assertThat(command.post("/api/days/" + dayA.id + "/reports/" + retractedA + "/retraction", coordinators.get(0), "")
                .status()).isEqualTo(200);
        reportB = submit(dayB, closure(UUID.randomUUID(), "Midtown Global Market"));
        reportD = submit(closedD, closure(UUID.randomUUID(), "Seward Co-op"));
        assertThat(command.post("/api/days/" + closedD.id + "/closing", coordinators.get(0), "").status()).isEqualTo(200);

        List<String> codes = invites(dayA, 4);
        for (int i = 0; i < 3; i++) {
            JsonNode joined = join(codes.get(i));
            reporters.add(joined.path("token").asString());
            reporterIdOfA = joined.path("reporterId").asString();
        }
        usedCode = codes.get(0);
        JsonNode joinedB = join(invites(dayB, 1).get(0));
        reporterOfB = joinedB.path("token").asString();
        reporterIdOfB = joinedB.path("reporterId").asString();
    }

    @Test
    void everyHostileInput_isAProblemOfItsOwn_storesNothing_andLeavesBothServicesHealthy() throws Exception {
        generate();
        Map<String, Integer> perOperation = new TreeMap<>();
        inputs.forEach(input -> perOperation.merge(input.operation(), 1, Integer::sum));
        System.out.println("HostileInputIT: " + inputs.size() + " inputs (seed " + SEED + "): " + perOperation);
        assertThat(perOperation.keySet()).as("every POST and PUT operation of both OpenAPI documents gets hostile "
                        + "inputs (add them in HostileInputIT.generate())")
                .containsAll(bodyOperations());
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(1000);

        Map<String, Long> before = settledDayEvents();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(),
                platform.databasePassword())) {
            List<Long> stored = stored(db);
            long started = System.nanoTime();
            for (Input input : inputs) {
                Http.Response answer = send(input);
                statuses.merge(answer.status(), 1, Integer::sum);
                String wrong = judge(input, answer);
                List<Long> now = stored(db);
                if (!now.equals(stored)) {
                    wrong = (wrong == null ? "" : wrong + "; ") + "stored something: (events, invites, revoked tokens) "
                            + stored + " → " + now;
                    stored = now;
                }
                if (wrong != null && failures.size() < 200) {
                    String failure = input.operation() + " [" + input.what() + "] as " + input.who() + " → " + wrong
                            + "\n      answer: " + answer;
                    // what stored something, or was no refusal at all, first
                    failures.add(wrong.contains("stored") || answer.status() < 400 ? 0 : failures.size(), failure);
                }
            }
            System.out.printf("HostileInputIT: %d inputs in %.1f s, answers %s%n", inputs.size(),
                    (System.nanoTime() - started) / 1e9, statuses);
        }
        assertThat(failures).as("answers to hostile inputs that are not a 4xx problem, or stored something (seed %d)",
                SEED).isEmpty();
        assertThat(settledDayEvents()).as("each day's event log, as the AUDITOR reads it").isEqualTo(before);
        assertHealthy();
    }

    /**
     * A body over the limit, sent whole before the client reads a byte, still gets its 413: the service refuses it
     * without reading it all and closes the connection, which must not reset it before the answer is read.
     */
    @Test
    void aBodyOverTheLimit_sentWhole_getsIts413BeforeTheConnectionCloses() throws Exception {
        URI base = platform.commandUrl();
        for (int limit : new int[]{MAX_BODY, MAX_BATCH}) {
            String path = limit == MAX_BODY ? "/api/days/" + dayA.id + "/reports"
                    : "/api/days/" + dayA.id + "/report-batches";
            byte[] body = new byte[limit + 1];
            java.util.Arrays.fill(body, (byte) ' ');
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(30_000);
                String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nAuthorization: Bearer " + coordinators.get(0)
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
                var out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                try {
                    out.write(body);
                    out.flush();
                } catch (java.io.IOException closedEarly) {
                    // the service may close the connection before the whole body is sent: the answer is read below
                }
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as("the answer to %d bytes on %s", body.length, path)
                        .startsWith("HTTP/1.1 413").contains("/problems/body-too-large");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the inputs

    private void generate() {
        planDay();
        zones();
        openingAndClosing();
        invitesInputs();
        joinInputs();
        reporterRevocation();
        reports();
        batches();
        corrections();
        retraction();
        noteErasure();
        verdict();
        tokens();
        tokenRevocation();
        inviteSheet();
        campaigns();
        chooseCampaign();
        Collections.shuffle(inputs, random);
    }

    private void planDay() {
        String op = "POST /api/days";
        Supplier<ObjectNode> valid = () -> object(Map.of("id", "fz-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "Day of Truth and Freedom", "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", dayA.startsAt.toString(), "endsAt", dayA.endsAt.toString(),
                "zones", featureCollection(zone("Downtown"))));
        List<Bad> bads = new ArrayList<>();
        for (String id : List.of("No Spaces", "ab", "a".repeat(65), "UPPER-case", "dé-jà-vu", "a_b_c", "<b>x</b>",
                "'; --", "", "fuzz/../a", "fuzz-\u0000")) {
            bads.add(Bad.semantic("id", text(id)));
        }
        bads.add(Bad.semantic("id", MISSING));
        bads.add(Bad.semantic("id", NODES.nullNode()));
        for (String field : List.of("name", "city")) {
            textBads(bads, field, 200, true);
        }
        for (String zone : List.of("Mars/Olympus_Mons", "EST", "+05:00", "", "   ", "America/Chicago\u0000",
                "../../etc/passwd", "Europe/" + "X".repeat(300))) {
            bads.add(Bad.semantic("timeZone", text(zone)));
        }
        bads.add(Bad.semantic("timeZone", MISSING));
        bads.add(Bad.structural("timeZone", NODES.objectNode()));
        for (String field : List.of("startsAt", "endsAt")) {
            instantBads(bads, field, true);
            for (String far : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
                    "-0044-03-15T12:00:00Z", "+10000-01-01T00:00:00Z")) {
                bads.add(Bad.semantic(field, text(far)));
            }
        }
        bads.add(Bad.semantic("endsAt", text(dayA.startsAt.minusSeconds(3600).toString())));
        bads.add(Bad.semantic("endsAt", text(dayA.startsAt.toString())));
        zoneBads(bads, "zones");
        campaignBads(bads);
        bads.add(new Bad("location", object(Map.of("lat", 91.0, "lon", -93.2)), false, "location.lat"));
        bads.add(new Bad("location", object(Map.of("lat", 44.9, "lon", 180.5)), false, "location.lon"));
        bads.add(new Bad("location", object(Map.of("lon", -93.2)), false, "location.lat"));
        bads.add(Bad.structural("location", text("Minneapolis")));
        fieldInputs(op, Who.COORDINATOR, false, "POST", "/api/days", valid, bads, 190, List.of("name", "city"));
        ObjectNode existing = valid.get();
        existing.put("id", dayA.id);
        add(op, "the id of another day", Who.COORDINATOR, false, "POST", "/api/days", existing, Set.of(409), Set.of());
        ObjectNode reportsId = valid.get();
        reportsId.put("id", closureA.toString());
        add(op, "the id of a report", Who.COORDINATOR, false, "POST", "/api/days", reportsId, Set.of(409), Set.of());
        bodyInputs(op, Who.COORDINATOR, false, "POST", "/api/days", valid, "name", 4 * 1024 * 1024);
    }

    private static void campaignBads(List<Bad> bads) {
        for (String id : List.of("no-such-campaign", "No Spaces", "", "'; --", "a".repeat(300))) {
            bads.add(Bad.semantic("campaignId", text(id)));
        }
        bads.add(Bad.structural("campaignId", NODES.objectNode()));
        bads.add(Bad.structural("campaignId", array("a", "b")));
    }

    private void campaigns() {
        String op = "POST /api/campaigns";
        Supplier<ObjectNode> valid = () -> object(Map.of("id", "fz-campaign-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "May Day"));
        List<Bad> bads = new ArrayList<>();
        for (String id : List.of("No Spaces", "ab", "a".repeat(65), "UPPER-case", "dé-jà-vu", "<b>x</b>", "", "fuzz-\u0000")) {
            bads.add(Bad.semantic("id", text(id)));
        }
        bads.add(Bad.semantic("id", MISSING));
        bads.add(Bad.semantic("id", NODES.nullNode()));
        textBads(bads, "name", 200, true);
        fieldInputs(op, Who.COORDINATOR, false, "POST", "/api/campaigns", valid, bads, 60, List.of("name"));
        for (String taken : List.of(dayA.id, closureA.toString(), campaign())) {
            ObjectNode body = valid.get();
            body.put("id", taken);
            add(op, "a taken id", Who.COORDINATOR, false, "POST", "/api/campaigns", body, Set.of(409), Set.of());
        }
        add(op, "a reporter", Who.REPORTER, false, "POST", "/api/campaigns", valid.get(), Set.of(403), Set.of());
        bodyInputs(op, Who.COORDINATOR, false, "POST", "/api/campaigns", valid, null, MAX_BODY);
    }

    private void chooseCampaign() {
        String op = "PUT /api/days/{dayId}/campaign";
        Supplier<ObjectNode> valid = () -> object(Map.of("campaignId", campaign()));
        List<Bad> bads = new ArrayList<>();
        campaignBads(bads);
        String path = "/api/days/" + plannedC.id + "/campaign";
        fieldInputs(op, Who.COORDINATOR, false, "PUT", path, valid, bads, 30, List.of());
        add(op, "a LIVE day", Who.COORDINATOR, false, "PUT", "/api/days/" + dayA.id + "/campaign", valid.get(),
                Set.of(409), Set.of());
        for (String day : hostileDayIds()) {
            add(op, "day " + day, Who.COORDINATOR, false, "PUT", "/api/days/" + segment(day) + "/campaign", valid.get(),
                    Set.of(400, 404, 405), Set.of());
        }
        add(op, "a reporter", Who.REPORTER, false, "PUT", path, valid.get(), Set.of(403), Set.of());
        bodyInputs(op, Who.COORDINATOR, false, "PUT", path, valid, null, MAX_BODY);
    }

    /** A campaign the inputs may name, created once. */
    private String campaign() {
        if (campaign == null) {
            campaign = "fz-campaign";
            assertThat(command.post("/api/campaigns", coordinators.get(0), Map.of("id", campaign, "name", "Fuzz"))
                    .status()).isEqualTo(201);
        }
        return campaign;
    }

    private void zones() {
        String op = "PUT /api/days/{dayId}/zones";
        Supplier<ObjectNode> valid = () -> featureCollection(zone("Downtown"), zone("Lake Street"));
        List<Bad> bads = new ArrayList<>();
        zoneBads(bads, "");
        String path = "/api/days/" + plannedC.id + "/zones";
        fieldInputs(op, Who.COORDINATOR, false, "PUT", path, valid, bads, 60, List.of());
        for (JsonNode notACollection : notCollections()) {
            add(op, "the body " + shortly(notACollection), Who.COORDINATOR, false, "PUT", path, notACollection,
                    Set.of(400), Set.of("zones"));
        }
        add(op, "a LIVE day", Who.COORDINATOR, false, "PUT", "/api/days/" + dayA.id + "/zones", valid.get(), Set.of(409), Set.of());
        for (String day : hostileDayIds()) {
            add(op, "day " + day, Who.COORDINATOR, false, "PUT", "/api/days/" + segment(day) + "/zones", valid.get(),
                    Set.of(400, 404, 405), Set.of());
        }
        add(op, "a reporter", Who.REPORTER, false, "PUT", path, valid.get(), Set.of(403), Set.of());
        bodyInputs(op, Who.COORDINATOR, false, "PUT", path, valid, null, 4 * 1024 * 1024);
    }

    private void openingAndClosing() {
        for (String action : List.of("opening", "closing")) {
            String op = "POST /api/days/{dayId}/" + action;
            List<String> refused = action.equals("opening") ? List.of(dayA.id, dayB.id, closedD.id)
                    : List.of(plannedC.id, closedD.id);
            for (String day : refused) {
                for (String body : List.of("", "{\"status\":\"LIVE\"}", "[1,2,3]", "{")) {
                    addRaw(op, "day " + day + " in the wrong status, body " + body, Who.COORDINATOR, false, "POST",
                            "/api/days/" + day + "/" + action, "application/json", bytes(body), Set.of(409), Set.of());
                }
            }
            for (String day : hostileDayIds()) {
                add(op, "day " + day, Who.COORDINATOR, false, "POST", "/api/days/" + segment(day) + "/" + action,
                        NODES.objectNode(), Set.of(400, 404, 405), Set.of());
            }
            add(op, "a reporter", Who.REPORTER, false, "POST", "/api/days/" + dayA.id + "/" + action, NODES.objectNode(),
                    Set.of(403), Set.of());
        }
    }

    private void invitesInputs() {
        String op = "POST /api/days/{dayId}/invites";
        Supplier<ObjectNode> valid = () -> object(Map.of("count", 3,
                "expiresAt", Instant.now().plus(2, ChronoUnit.HOURS).toString()));
        List<Bad> bads = new ArrayList<>();
        for (long count : new long[]{0, -1, 501, 100_000, Integer.MIN_VALUE}) {
            bads.add(Bad.semantic("count", NODES.numberNode(count)));
        }
        bads.add(Bad.semantic("count", MISSING));
        bads.add(Bad.semantic("count", NODES.nullNode()));
        numberStructural(bads, "count");
        bads.add(Bad.semantic("expiresAt", text(Instant.now().minusSeconds(60).toString())));
        bads.add(Bad.semantic("expiresAt", text(dayA.endsAt.plus(2, ChronoUnit.DAYS).toString())));
        bads.add(Bad.semantic("expiresAt", text("-999999999-01-01T00:00:00Z")));
        bads.add(Bad.semantic("expiresAt", text("+999999999-12-31T23:59:59Z")));
        instantBads(bads, "expiresAt", true);
        String path = "/api/days/" + dayA.id + "/invites";
        fieldInputs(op, Who.COORDINATOR, false, "POST", path, valid, bads, 70, List.of());
        for (String day : hostileDayIds()) {
            add(op, "day " + day, Who.COORDINATOR, false, "POST", "/api/days/" + segment(day) + "/invites", valid.get(),
                    Set.of(400, 404, 405), Set.of());
        }
        ObjectNode toClosed = object(Map.of("count", 2, "expiresAt", closedD.endsAt.toString()));
        add(op, "a CLOSED day", Who.COORDINATOR, false, "POST", "/api/days/" + closedD.id + "/invites", toClosed,
                Set.of(409), Set.of());
        add(op, "a reporter", Who.REPORTER, false, "POST", path, valid.get(), Set.of(403), Set.of());
        bodyInputs(op, Who.COORDINATOR, false, "POST", path, valid, null, MAX_BODY);
    }

    private void joinInputs() {
        String op = "POST /api/join";
        List<Bad> bads = new ArrayList<>();
        for (String code : List.of("", "   ", "10-OI", "A".repeat(1000), "<script>alert(1)</script>", "' OR 1=1 --",
                "ÅÅÅÅÅÅÅÅÅÅ", "ABCDEFGH2\u0000", "ABCDE\u200BFGH23", "１２３４５６７８９Ａ")) {
            bads.add(Bad.semantic("code", text(code)));
        }
        bads.add(Bad.semantic("code", MISSING));
        bads.add(Bad.semantic("code", NODES.nullNode()));
        bads.add(Bad.structural("code", NODES.objectNode()));
        bads.add(Bad.structural("code", array("ABCDEFGH23")));
        // Every one of these inputs is sent with no token: the client address has its own limit (paced below it).
        fieldInputs(op, Who.ANONYMOUS, false, "POST", "/api/join", () -> object(Map.of("code", "ZZZZZZZZZZ")), bads,
                24, List.of());
        add(op, "an unknown code", Who.ANONYMOUS, false, "POST", "/api/join", object(Map.of("code", "ZZZZZZZZZZ")),
                Set.of(404), Set.of());
        add(op, "a code used already", Who.ANONYMOUS, false, "POST", "/api/join", object(Map.of("code", usedCode)),
                Set.of(409), Set.of());
        add(op, "a code used already, in lower case", Who.ANONYMOUS, false, "POST", "/api/join",
                object(Map.of("code", usedCode.toLowerCase(), "dayId", dayB.id)), Set.of(409), Set.of());
        bodyInputs(op, Who.ANONYMOUS, false, "POST", "/api/join", () -> object(Map.of("code", usedCode)), null, MAX_BODY);
    }

    private void reporterRevocation() {
        String op = "POST /api/days/{dayId}/reporters/{reporterId}/revocation";
        List<String[]> targets = new ArrayList<>();
        targets.add(new String[]{dayA.id, reporterIdOfB});
        targets.add(new String[]{dayB.id, reporterIdOfA});
        targets.add(new String[]{dayA.id, "r-zzzzzzzzzzzz"});
        targets.add(new String[]{"no-such-day", reporterIdOfA});
        for (String id : hostileIds()) {
            targets.add(new String[]{dayA.id, id});
        }
        for (String day : hostileDayIds()) {
            targets.add(new String[]{day, reporterIdOfA});
        }
        for (String[] target : targets) {
            add(op, "reporter " + target[1] + " of day " + target[0], Who.COORDINATOR, false, "POST",
                    "/api/days/" + segment(target[0]) + "/reporters/" + segment(target[1]) + "/revocation",
                    NODES.objectNode(), Set.of(400, 404, 405), Set.of());
        }
        add(op, "a reporter revoking another", Who.REPORTER, false, "POST",
                "/api/days/" + dayA.id + "/reporters/" + reporterIdOfA + "/revocation", NODES.objectNode(), Set.of(403), Set.of());
    }

    private void reports() {
        String op = "POST /api/days/{dayId}/reports";
        String path = "/api/days/" + dayA.id + "/reports";
        Map<String, Supplier<ObjectNode>> kinds = new LinkedHashMap<>();
        kinds.put("CLOSURE", () -> object(closure(UUID.randomUUID(), "Hmongtown Marketplace")));
        kinds.put("WALKOUT", () -> object(walkout(UUID.randomUUID())));
        kinds.put("HEADCOUNT", () -> object(headcount(UUID.randomUUID())));
        Map<String, String> subjects = Map.of("CLOSURE", "business", "WALKOUT", "workplace", "HEADCOUNT", "rally");
        for (Map.Entry<String, Supplier<ObjectNode>> kind : kinds.entrySet()) {
            String subject = subjects.get(kind.getKey());
            List<Bad> bads = new ArrayList<>();
            for (String id : List.of("not-a-uuid", "12345", "5f0c7d4e-0b7a-4d53-9a52-8f7c1b2e3a1", "' OR 1=1 --")) {
                bads.add(Bad.structural("reportId", text(id)));
            }
            bads.add(Bad.structural("reportId", NODES.objectNode()));
            bads.add(Bad.semantic("reportId", MISSING));
            bads.add(Bad.semantic("reportId", NODES.nullNode()));
            for (JsonNode kindValue : List.of(text("PARADE"), text(kind.getKey().toLowerCase()), MISSING,
                    NODES.nullNode(), NODES.objectNode(), text(""))) {
                bads.add(new Bad("kind", kindValue, true, "kind"));
            }
            instantBads(bads, "observedAt", true);
            bads.add(Bad.semantic("observedAt", text(Instant.now().plus(1, ChronoUnit.HOURS).toString())));
            bads.add(Bad.semantic("observedAt", text(dayA.startsAt.minus(15, ChronoUnit.DAYS).toString())));
            bads.add(Bad.semantic("observedAt", text(dayA.endsAt.plusSeconds(1).toString())));
            bads.add(Bad.semantic("observedAt", text("+999999999-12-31T23:59:59Z")));
            bads.add(Bad.semantic("observedAt", text("-999999999-01-01T00:00:00Z")));
            bads.add(Bad.semantic("observedAt", text("1970-01-01T00:00:00Z")));
            bads.add(Bad.semantic("observedAt", NODES.numberNode(-1)));
            bads.add(Bad.structural("observedAt", NODES.numberNode(1e300)));
            noteBads(bads, "note");
            bads.add(Bad.structural(subject, text("the shop on the corner")));
            bads.add(Bad.structural(subject, array("x")));
            bads.add(Bad.semantic(subject, MISSING));
            bads.add(Bad.semantic(subject, NODES.nullNode()));
            bads.add(Bad.semantic(subject + ".id", text("")));
            bads.add(Bad.semantic(subject + ".id", text("x".repeat(201))));
            bads.add(Bad.structural(subject + ".id", NODES.objectNode()));
            textBads(bads, subject + ".name", 200, true);
            String extra = switch (kind.getKey()) {
                case "CLOSURE" -> "address";
                case "WALKOUT" -> "employer";
                default -> null;
            };
            if (extra != null) {
                bads.add(Bad.semantic(subject + "." + extra, text("x".repeat(extra.equals("address") ? 301 : 201))));
                bads.add(Bad.structural(subject + "." + extra, NODES.objectNode()));
                bads.add(Bad.semantic(subject + "." + extra, text("addr" + CONTROL_TEXT.get(random.nextInt(CONTROL_TEXT.size())))));
            }
            String location = subject + ".location";
            bads.add(Bad.semantic(location, MISSING));
            bads.add(Bad.semantic(location, NODES.nullNode()));
            bads.add(Bad.structural(location, text("44.97,-93.26")));
            bads.add(Bad.structural(location, array(44.97, -93.26)));
            coordinateBads(bads, location + ".lat", 90);
            coordinateBads(bads, location + ".lon", 180);
            if (!kind.getKey().equals("HEADCOUNT")) {
                enumBads(bads, subject + ".sector", true);
            }
            switch (kind.getKey()) {
                case "CLOSURE" -> {
                    enumBads(bads, "status", true);
                    enumBads(bads, "reason", false);
                }
                case "WALKOUT" -> {
                    enumBads(bads, "type", true);
                    for (long n : new long[]{-1, 1_000_001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                        bads.add(Bad.semantic("participants", NODES.numberNode(n)));
                    }
                    bads.add(Bad.semantic("participants", MISSING));
                    bads.add(Bad.semantic("participants", NODES.nullNode()));
                    numberStructural(bads, "participants");
                    bads.add(Bad.semantic("workforce", NODES.numberNode(-1)));
                    bads.add(Bad.semantic("workforce", NODES.numberNode(10_000_001)));
                    bads.add(Bad.semantic("workforce", NODES.numberNode(39)));
                    numberStructural(bads, "workforce");
                }
                default -> {
                    for (long n : new long[]{0, -5, 10_000_001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                        bads.add(Bad.semantic("headcount", NODES.numberNode(n)));
                    }
                    bads.add(Bad.semantic("headcount", MISSING));
                    bads.add(Bad.semantic("headcount", NODES.nullNode()));
                    numberStructural(bads, "headcount");
                    enumBads(bads, "method", true);
                }
            }
            List<String> oddFields = new ArrayList<>(List.of("note", subject + ".name"));
            if (extra != null) {
                oddFields.add(subject + "." + extra);
            }
            fieldInputs(op, Who.COORDINATOR, false, "POST", path, kind.getValue(), bads, 150, oddFields);
            fieldInputs(op, Who.REPORTER, false, "POST", path, kind.getValue(), bads, 12, oddFields);
            bodyInputs(op, Who.COORDINATOR, false, "POST", path, kind.getValue(), null, MAX_BODY);
        }
        // A subject id of another kind of subject in the day: refused, naming the field.
        ObjectNode otherKind = kinds.get("CLOSURE").get();
        ((ObjectNode) otherKind.get("business")).put("id", rallySubjectA);
        add(op, "a business.id naming a rally", Who.COORDINATOR, false, "POST", path, otherKind, Set.of(400),
                Set.of("business.id"));
        // Valid reports where they cannot go.
        for (String day : hostileDayIds()) {
            add(op, "day " + day, Who.COORDINATOR, false, "POST", "/api/days/" + segment(day) + "/reports",
                    kinds.get("CLOSURE").get(), Set.of(400, 404, 405), Set.of());
        }
        add(op, "a CLOSED day", Who.COORDINATOR, false, "POST", "/api/days/" + closedD.id + "/reports",
                kinds.get("HEADCOUNT").get(), Set.of(409), Set.of());
        add(op, "a reporter of another day", Who.REPORTER_OF_B, false, "POST", path, kinds.get("WALKOUT").get(),
                Set.of(403), Set.of());
        add(op, "a reporter on another day", Who.REPORTER, false, "POST", "/api/days/" + dayB.id + "/reports",
                kinds.get("WALKOUT").get(), Set.of(403), Set.of());
        ObjectNode taken = object(closureBodyA);
        taken.put("status", "OPEN");
        add(op, "a reportId taken, other content", Who.COORDINATOR, false, "POST", path, taken, Set.of(409), Set.of());
        ObjectNode ofB = kinds.get("CLOSURE").get();
        ofB.put("reportId", reportB.toString());
        add(op, "the reportId of another day's report", Who.COORDINATOR, false, "POST", path, ofB, Set.of(409), Set.of());
    }

    private void corrections() {
        String op = "POST /api/days/{dayId}/reports/{reportId}/corrections";
        Map<UUID, List<String>> reports = new LinkedHashMap<>();
        reports.put(closureA, List.of("status", "reason"));
        reports.put(walkoutA, List.of("type", "participants", "workforce"));
        reports.put(headcountA, List.of("headcount", "method"));
        Map<String, JsonNode> validFigure = Map.of("status", text("PARTIAL"), "reason", text("PRECAUTION"),
                "type", text("WALKOUT"), "participants", NODES.numberNode(45), "workforce", NODES.numberNode(130),
                "headcount", NODES.numberNode(700), "method", text("AERIAL"));
        for (Map.Entry<UUID, List<String>> report : reports.entrySet()) {
            List<String> own = report.getValue();
            List<Bad> bads = new ArrayList<>();
            for (String figure : validFigure.keySet()) {
                if (!own.contains(figure)) { // a figure of another kind: refused by name
                    bads.add(new Bad(figure, validFigure.get(figure), false, figure + "@aggregate"));
                }
            }
            for (String figure : own) {
                switch (figure) {
                    case "participants" -> {
                        bads.add(Bad.semantic(figure, NODES.numberNode(-1)));
                        bads.add(Bad.semantic(figure, NODES.numberNode(1_000_001)));
                        bads.add(new Bad(figure, NODES.numberNode(121), false, figure + "@aggregate"));
                        numberStructural(bads, figure);
                    }
                    case "workforce" -> {
                        bads.add(Bad.semantic(figure, NODES.numberNode(-3)));
                        bads.add(new Bad(figure, NODES.numberNode(39), false, figure + "@aggregate"));
                        numberStructural(bads, figure);
                    }
                    case "headcount" -> {
                        bads.add(Bad.semantic(figure, NODES.numberNode(0)));
                        bads.add(Bad.semantic(figure, NODES.numberNode(10_000_001)));
                        numberStructural(bads, figure);
                    }
                    default -> enumBads(bads, figure, false);
                }
            }
            bads.add(Bad.structural("correctionId", text("not-a-uuid")));
            bads.add(Bad.structural("correctionId", NODES.objectNode()));
            instantBads(bads, "observedAt", false);
            bads.add(Bad.semantic("observedAt", text(Instant.now().plus(1, ChronoUnit.HOURS).toString())));
            bads.add(Bad.semantic("observedAt", text(dayA.startsAt.minus(15, ChronoUnit.DAYS).toString())));
            bads.add(Bad.semantic("observedAt", text("+999999999-12-31T23:59:59Z")));
            noteBads(bads, "note");
            String path = "/api/days/" + dayA.id + "/reports/" + report.getKey() + "/corrections";
            Supplier<ObjectNode> valid = () -> {
                ObjectNode body = NODES.objectNode();
                if (random.nextBoolean()) {
                    body.put("correctionId", UUID.randomUUID().toString());
                }
                // a change of one figure, but not of the workforce: a larger one would make a participants bad valid
                List<String> changes = own.stream().filter(f -> !f.equals("workforce")).toList();
                String figure = changes.get(random.nextInt(changes.size()));
                body.set(figure, validFigure.get(figure));
                return body;
            };
            fieldInputs(op, Who.COORDINATOR, false, "POST", path, valid, bads, 55, List.of("note"));
            bodyInputs(op, Who.COORDINATOR, false, "POST", path, valid, null, MAX_BODY);
        }
        ObjectNode note = object(Map.of("note", "seen again at noon"));
        reportTargets(op, "corrections", note);
        add(op, "a reporter correcting a coordinator's report", Who.REPORTER, false, "POST",
                "/api/days/" + dayA.id + "/reports/" + closureA + "/corrections", note, Set.of(403), Set.of());
    }

    /**
     * A batch that is itself bad (a report in it that is bad is answered inside a 200, as its own call would be: see
     * ReportBatchesIT): not an array, none or too many reports, malformed, from a reporter of another day.
     */
    private void batches() {
        String op = "POST /api/days/{dayId}/report-batches";
        String path = "/api/days/" + dayA.id + "/report-batches";
        Supplier<ObjectNode> valid = () -> {
            ObjectNode batch = NODES.objectNode();
            batch.putArray("reports").add(object(closure(UUID.randomUUID(), "Hmongtown Marketplace")));
            return batch;
        };
        bodyInputs(op, Who.COORDINATOR, false, "POST", path, valid, null, MAX_BATCH);
        ObjectNode none = NODES.objectNode();
        none.putArray("reports");
        ObjectNode tooMany = NODES.objectNode();
        for (int i = 0; i < 501; i++) {
            tooMany.withArray("reports").add(object(closure(UUID.randomUUID(), "Shop " + i)));
        }
        ObjectNode missing = NODES.objectNode();
        missing.putArray("items").add(object(closure(UUID.randomUUID(), "Seward Co-op")));
        for (Map.Entry<String, JsonNode> bad : Map.<String, JsonNode>of("no reports", none, "501 reports", tooMany,
                "reports missing", missing).entrySet()) {
            add(op, bad.getKey(), Who.COORDINATOR, false, "POST", path, bad.getValue(), Set.of(400), Set.of("reports"));
        }
        for (JsonNode notAnArray : List.<JsonNode>of(text("all of them"), NODES.numberNode(5), NODES.objectNode())) {
            ObjectNode body = NODES.objectNode();
            body.set("reports", notAnArray);
            add(op, "reports = " + shortly(notAnArray), Who.COORDINATOR, false, "POST", path, body, Set.of(400),
                    Set.of("reports"));
        }
        add(op, "a reporter of another day", Who.REPORTER_OF_B, false, "POST", path, valid.get(), Set.of(403), Set.of());
        add(op, "no such day", Who.COORDINATOR, false, "POST", "/api/days/no-such-day/report-batches", valid.get(),
                Set.of(404), Set.of());
    }

    private void noteErasure() {
        String op = "POST /api/days/{dayId}/reports/{reportId}/note-erasure";
        add(op, "a reporter", Who.REPORTER, false, "POST", "/api/days/" + dayA.id + "/reports/" + closureA
                + "/note-erasure", NODES.objectNode(), Set.of(403), Set.of());
        add(op, "no such report", Who.COORDINATOR, false, "POST", "/api/days/" + dayA.id + "/reports/"
                + UUID.randomUUID() + "/note-erasure", NODES.objectNode(), Set.of(404), Set.of());
        add(op, "a report of another day", Who.COORDINATOR, false, "POST", "/api/days/" + dayA.id + "/reports/"
                + reportB + "/note-erasure", NODES.objectNode(), Set.of(404), Set.of());
        add(op, "no such day", Who.COORDINATOR, false, "POST", "/api/days/no-such-day/reports/" + closureA
                + "/note-erasure", NODES.objectNode(), Set.of(404), Set.of());
        addRaw(op, "a report id that is no UUID", Who.COORDINATOR, false, "POST", "/api/days/" + dayA.id
                + "/reports/not-a-uuid/note-erasure", "application/json", bytes("{}"), Set.of(400), Set.of("reportId"));
    }

    private void retraction() {
        String op = "POST /api/days/{dayId}/reports/{reportId}/retraction";
        reportTargets(op, "retraction", NODES.objectNode());
        add(op, "a reporter retracting a coordinator's report", Who.REPORTER, false, "POST",
                "/api/days/" + dayA.id + "/reports/" + closureA + "/retraction", NODES.objectNode(), Set.of(403), Set.of());
        for (String body : List.of("{\"retracted\":false}", "[", "\u0000", "{\"reportId\":\"" + reportB + "\"}")) {
            addRaw(op, "a retracted report, body " + body, Who.COORDINATOR, false, "POST",
                    "/api/days/" + dayA.id + "/reports/" + retractedA + "/retraction", "application/json", bytes(body),
                    Set.of(409), Set.of());
        }
    }

    private void verdict() {
        String op = "POST /api/days/{dayId}/reports/{reportId}/verdict";
        List<Bad> bads = new ArrayList<>();
        enumBads(bads, "verdict", true);
        bads.add(Bad.structural("verdict", text("UNREVIEWED")));
        noteBads(bads, "note");
        String path = "/api/days/" + dayA.id + "/reports/" + walkoutA + "/verdict";
        Supplier<ObjectNode> valid = () -> object(Map.of("verdict", random.nextBoolean() ? "VERIFIED" : "DISPUTED",
                "note", "checked by phone"));
        fieldInputs(op, Who.COORDINATOR, false, "POST", path, valid, bads, 60, List.of("note"));
        bodyInputs(op, Who.COORDINATOR, false, "POST", path, valid, null, MAX_BODY);
        reportTargets(op, "verdict", valid.get());
        add(op, "a reporter", Who.REPORTER, false, "POST", path, valid.get(), Set.of(403), Set.of());
    }

    /** A valid body for a report that is not there: unknown, of another day, retracted, of a CLOSED day. */
    private void reportTargets(String op, String action, ObjectNode body) {
        Map<String, Set<Integer>> targets = new LinkedHashMap<>();
        targets.put(dayA.id + "/reports/" + UUID.randomUUID(), Set.of(404));
        targets.put(dayA.id + "/reports/" + reportB, Set.of(404));
        targets.put(dayB.id + "/reports/" + closureA, Set.of(404));
        targets.put(dayA.id + "/reports/" + retractedA, Set.of(409));
        targets.put(closedD.id + "/reports/" + reportD, Set.of(409));
        targets.put("no-such-day/reports/" + closureA, Set.of(404));
        for (String id : hostileIds()) {
            targets.put(dayA.id + "/reports/" + segment(id), Set.of(400, 404, 405));
        }
        for (String day : hostileDayIds()) {
            targets.put(segment(day) + "/reports/" + closureA, Set.of(400, 404, 405));
        }
        for (String id : MALFORMED_IDS) {
            add(op, "report " + shortly(text(id)), Who.COORDINATOR, false, "POST",
                    "/api/days/" + dayA.id + "/reports/" + segment(id) + "/" + action, body.deepCopy(), Set.of(400),
                    Set.of("reportId"));
        }
        targets.forEach((target, statuses) -> add(op, shortly(text(target)), Who.COORDINATOR, false, "POST",
                "/api/days/" + target + "/" + action, body.deepCopy(), statuses, Set.of()));
    }

    private void tokens() {
        String op = "POST /api/tokens";
        List<Bad> bads = new ArrayList<>();
        for (String role : List.of("ADMIN", "REPORTER", "coordinator", "", "ROOT", "COORD INATOR", "AUDI\u0000TOR")) {
            bads.add(Bad.structural("role", text(role)));
        }
        bads.add(Bad.semantic("role", MISSING));
        bads.add(Bad.semantic("role", NODES.nullNode()));
        bads.add(Bad.structural("role", NODES.objectNode()));
        bads.add(Bad.structural("role", array("COORDINATOR")));
        textBads(bads, "label", 100, true);
        Supplier<ObjectNode> valid = () -> object(Map.of("role", random.nextBoolean() ? "COORDINATOR" : "AUDITOR",
                "label", "north desk"));
        fieldInputs(op, Who.ADMIN, false, "POST", "/api/tokens", valid, bads, 60, List.of("label"));
        bodyInputs(op, Who.ADMIN, false, "POST", "/api/tokens", valid, null, MAX_BODY);
        add(op, "a coordinator", Who.COORDINATOR, false, "POST", "/api/tokens", valid.get(), Set.of(403), Set.of());
    }

    private void tokenRevocation() {
        String op = "POST /api/tokens/{tokenId}/revocation";
        for (String id : hostileIds()) {
            add(op, "token " + shortly(text(id)), Who.ADMIN, false, "POST", "/api/tokens/" + segment(id) + "/revocation",
                    NODES.objectNode(), Set.of(400, 404), MALFORMED_IDS.contains(id) ? Set.of("tokenId") : Set.of());
        }
        add(op, "a coordinator", Who.COORDINATOR, false, "POST", "/api/tokens/" + UUID.randomUUID() + "/revocation",
                NODES.objectNode(), Set.of(403), Set.of());
    }

    private void inviteSheet() {
        String op = "POST /api/invite-sheet";
        List<Bad> bads = new ArrayList<>();
        bads.add(Bad.semantic("codes", MISSING));
        bads.add(Bad.semantic("codes", NODES.nullNode()));
        bads.add(Bad.semantic("codes", NODES.arrayNode()));
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < 501; i++) {
            many.add("ABCDEFGH23");
        }
        bads.add(Bad.semantic("codes", many));
        for (String code : List.of("a b", "<script>", "", "ÅÅ", "x".repeat(65), "ABC\u0000", "'; --")) {
            bads.add(new Bad("codes", array("ABCDEFGH23", code), false, "codes[1]"));
        }
        bads.add(new Bad("codes", array("ABCDEFGH23", null), false, "codes[1]"));
        bads.add(Bad.structural("codes", text("ABCDEFGH23")));
        bads.add(Bad.structural("codes", NODES.objectNode()));
        ArrayNode nested = NODES.arrayNode();
        nested.addObject();
        bads.add(new Bad("codes", nested, true, "codes[0]"));
        Supplier<ObjectNode> valid = () -> object(Map.of("codes", List.of("ABCDEFGH23", "ZZZZZZZZZZ")));
        fieldInputs(op, Who.COORDINATOR, true, "POST", "/api/invite-sheet", valid, bads, 40, List.of());
        bodyInputs(op, Who.COORDINATOR, true, "POST", "/api/invite-sheet", valid, null, -1);
    }

    // ------------------------------------------------------------------------------------------ input builders

    /**
     * {@code count} bodies from {@code valid}: each with one structural bad value (the one named), or one to three
     * semantic ones on unrelated fields (all named, or, if only the aggregate can tell, those), dressed with odd
     * but harmless text in {@code oddFields} and extra fields the API does not know.
     */
    private void fieldInputs(String op, Who who, boolean query, String method, String path,
                             Supplier<ObjectNode> valid, List<Bad> bads, int count, List<String> oddFields) {
        List<Bad> structural = bads.stream().filter(Bad::structural).toList();
        List<Bad> semantic = bads.stream().filter(b -> !b.structural()).toList();
        for (int i = 0; i < count; i++) {
            ObjectNode body = valid.get();
            List<Bad> chosen = new ArrayList<>();
            if (!structural.isEmpty() && (semantic.isEmpty() || random.nextInt(3) == 0)) {
                chosen.add(structural.get(random.nextInt(structural.size())));
            } else {
                int n = 1 + random.nextInt(3);
                for (int tries = 0; chosen.size() < n && tries < 20; tries++) {
                    Bad bad = semantic.get(random.nextInt(semantic.size()));
                    if (chosen.stream().noneMatch(c -> related(c.field(), bad.field()))) {
                        chosen.add(bad);
                    }
                }
            }
            for (Bad bad : chosen) {
                set(body, bad.field(), bad.value().deepCopy());
            }
            for (String odd : oddFields) {
                if (random.nextInt(3) == 0 && chosen.stream().noneMatch(c -> related(c.field(), odd))
                        && !body.at(pointer(odd)).isMissingNode()) {
                    set(body, odd, text(ODD_TEXT.get(random.nextInt(ODD_TEXT.size()))));
                }
            }
            if (random.nextInt(4) == 0) {
                body.put("reporterId", "r-evil");
                body.put("position", -1);
                body.put("recordedAt", "1970-01-01T00:00:00Z");
                body.putObject("__proto__").put("admin", true);
            }
            Set<String> named = new TreeSet<>();
            boolean controller = chosen.stream().anyMatch(c -> !c.named().endsWith("@aggregate"));
            for (Bad bad : chosen) {
                if (bad.structural() || controller != bad.named().endsWith("@aggregate")) {
                    named.add(bad.named().replace("@aggregate", ""));
                }
            }
            if (chosen.stream().anyMatch(Bad::structural)) {
                named.clear();
                named.add(chosen.get(0).named());
            }
            String what = chosen.stream().map(b -> b.field() + "=" + shortly(b.value())).toList().toString();
            add(op, what, who, query, method, path, body, Set.of(400), named);
        }
    }

    /** Bodies that are not readable JSON, too large, or not JSON at all, built around {@code valid}. */
    private void bodyInputs(String op, Who who, boolean query, String method, String path, Supplier<ObjectNode> valid,
                            String padField, int limit) {
        List<String> malformed = List.of("", "{", "}", "{\"a\":1}}", "[]", "\"text\"", "42", "null", "true",
                "{'role':'COORDINATOR'}", "{\"a\" 1}", "{\"a\":1,}", "\uFEFF", "\uFEFF{", "{\"a\":\"\\x41\"}",
                "{\"a\":\"\\u12\"}", "\u0000", "{\"a\":\"unterminated}");
        for (String body : malformed) {
            addRaw(op, "malformed " + shortly(NODES.stringNode(body)), who, query, method, path, "application/json",
                    bytes(body), Set.of(400), Set.of());
        }
        String validJson = Api.JSON.writeValueAsString(valid.get());
        addRaw(op, "valid JSON then garbage", who, query, method, path, "application/json",
                bytes(validJson + " {\"more\":1}"), Set.of(400), Set.of());
        addRaw(op, "valid JSON twice", who, query, method, path, "application/json", bytes(validJson + validJson),
                Set.of(400), Set.of());
        // A key twice: which one counts is up to the parser, so the body is refused.
        ObjectNode twice = valid.get();
        String first = twice.propertyNames().iterator().next();
        String duplicated = Api.JSON.writeValueAsString(twice).replaceFirst("\\{",
                "{\"" + first + "\":" + Api.JSON.writeValueAsString(twice.get(first)) + ",");
        addRaw(op, "the key " + first + " twice", who, query, method, path, "application/json", bytes(duplicated),
                Set.of(400), Set.of());
        for (String literal : RAW_LITERALS.subList(0, 4 + random.nextInt(RAW_LITERALS.size() - 4))) {
            ObjectNode body = valid.get();
            String field = body.propertyNames().iterator().next();
            body.put(field, "@@RAW@@");
            String json = Api.JSON.writeValueAsString(body).replace("\"@@RAW@@\"", literal);
            addRaw(op, field + " = " + literal, who, query, method, path, "application/json", bytes(json), Set.of(400),
                    Set.of());
        }
        // Invalid UTF-8 inside a string: a lone continuation byte, an overlong '/', an encoded surrogate, 0xFF.
        for (byte[] broken : new byte[][]{{(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80}}) {
            ObjectNode body = valid.get();
            String field = firstText(body);
            if (body.path(field).isArray()) {
                body.putArray(field).add("@@BAD@@");
            } else {
                body.put(field, "@@BAD@@");
            }
            String[] halves = Api.JSON.writeValueAsString(body).split("@@BAD@@", 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(bytes(halves[0]));
            out.writeBytes(broken);
            out.writeBytes(bytes(halves[1]));
            addRaw(op, "invalid UTF-8 in " + field, who, query, method, path, "application/json", out.toByteArray(),
                    Set.of(400), Set.of());
        }
        for (int depth : new int[]{600, 5_000, 20_000}) {
            ObjectNode body = valid.get();
            String field = body.propertyNames().iterator().next();
            body.put(field, "@@DEEP@@");
            String nested = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            addRaw(op, field + " nested " + depth + " deep", who, query, method, path, "application/json",
                    bytes(Api.JSON.writeValueAsString(body).replace("\"@@DEEP@@\"", nested)), Set.of(400, 413),
                    Set.of());
        }
        // Too large: 64 KiB + 1 (or the zones' larger limit + 1), with a Content-Length and without one.
        if (limit > 0) {
            for (boolean chunked : new boolean[]{false, true}) {
                ObjectNode body = valid.get();
                body.put("padding", "");
                int room = limit + 1 - Api.JSON.writeValueAsBytes(body).length;
                body.put("padding", "p".repeat(room));
                byte[] json = Api.JSON.writeValueAsBytes(body);
                assertThat(json).hasSize(limit + 1);
                addRaw(op, (limit + 1) + " bytes" + (chunked ? ", chunked" : ""), who, query, method, path,
                        "application/json", json, chunked, Set.of(413), Set.of());
            }
        }
        if (padField != null) { // a larger limit: 64 KiB + 1 of a text field is read, and refused for its length
            ObjectNode body = valid.get();
            body.put(padField, "");
            body.put(padField, "n".repeat(MAX_BODY + 1 - Api.JSON.writeValueAsBytes(body).length));
            addRaw(op, "65537 bytes, most of them in " + padField, who, query, method, path, "application/json",
                    Api.JSON.writeValueAsBytes(body), false, Set.of(400), Set.of(padField));
        } else if (limit < 0) { // no limit of its own: a large invalid body is refused for what it holds
            ObjectNode body = valid.get();
            body.put("padding", "p".repeat(MAX_BODY + 1));
            body.putArray("codes").add("not a code");
            addRaw(op, "a large body with a bad code", who, query, method, path, "application/json",
                    Api.JSON.writeValueAsBytes(body), false, Set.of(400, 413), Set.of());
        }
        byte[] validBytes = bytes(validJson);
        for (String type : new String[]{"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", null}) {
            addRaw(op, "content type " + type, who, query, method, path, type, validBytes, Set.of(415), Set.of());
        }
    }

    private void add(String op, String what, Who who, boolean query, String method, String path, JsonNode body,
                     Set<Integer> statuses, Set<String> fields) {
        addRaw(op, what, who, query, method, path, "application/json", Api.JSON.writeValueAsBytes(body), statuses, fields);
    }

    private void addRaw(String op, String what, Who who, boolean query, String method, String path, String type,
                        byte[] body, Set<Integer> statuses, Set<String> fields) {
        addRaw(op, what, who, query, method, path, type, body, false, statuses, fields);
    }

    private void addRaw(String op, String what, Who who, boolean query, String method, String path, String type,
                        byte[] body, boolean chunked, Set<Integer> statuses, Set<String> fields) {
        inputs.add(new Input(op, what, who, query, method, path, type, body, chunked, statuses, fields));
    }

    // ------------------------------------------------------------------------------------------ bad values

    private static void textBads(List<Bad> bads, String field, int max, boolean required) {
        bads.add(Bad.semantic(field, text("x".repeat(max + 1))));
        bads.add(Bad.semantic(field, text("é".repeat(max + 1))));
        if (required) {
            bads.add(Bad.semantic(field, text("")));
            bads.add(Bad.semantic(field, text("   \t ")));
            bads.add(Bad.semantic(field, MISSING));
            bads.add(Bad.semantic(field, NODES.nullNode()));
        }
        for (String control : CONTROL_TEXT) {
            bads.add(Bad.semantic(field, text(control)));
        }
        bads.add(Bad.structural(field, NODES.objectNode()));
        bads.add(Bad.structural(field, array("a", "b")));
    }

    private static void noteBads(List<Bad> bads, String field) {
        bads.add(Bad.semantic(field, text("n".repeat(1001))));
        bads.add(Bad.semantic(field, text("🏳️‍🌈".repeat(300))));
        for (String control : CONTROL_TEXT) {
            bads.add(Bad.semantic(field, text("a note " + control)));
        }
        bads.add(Bad.structural(field, NODES.objectNode()));
    }

    private static void instantBads(List<Bad> bads, String field, boolean required) {
        for (String when : List.of("yesterday", "2026-13-45T25:61:00Z", "2026-01-23 15:10", "2026-02-30T10:00:00Z",
                "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "2026-01-23T15:10:00+25:00")) {
            bads.add(Bad.structural(field, text(when)));
        }
        bads.add(Bad.structural(field, NODES.objectNode()));
        bads.add(Bad.structural(field, array("2026-01-23T15:10:00Z")));
        if (required) {
            bads.add(Bad.semantic(field, MISSING));
            bads.add(Bad.semantic(field, NODES.nullNode()));
        }
    }

    private static void numberStructural(List<Bad> bads, String field) {
        bads.add(Bad.structural(field, NODES.numberNode(new java.math.BigInteger("2147483648"))));
        bads.add(Bad.structural(field, NODES.numberNode(new java.math.BigInteger("-99999999999999999999999"))));
        bads.add(Bad.structural(field, NODES.numberNode(1e20)));
        bads.add(Bad.structural(field, text("many")));
        bads.add(Bad.structural(field, NODES.objectNode()));
        bads.add(Bad.structural(field, array(1)));
    }

    private static void coordinateBads(List<Bad> bads, String field, double max) {
        for (double value : new double[]{max + 1, -max - 0.0001, 1e300, -1e300, Double.MAX_VALUE}) {
            bads.add(Bad.semantic(field, NODES.numberNode(value)));
        }
        for (String special : List.of("NaN", "Infinity", "-Infinity")) {
            bads.add(Bad.semantic(field, text(special)));
        }
        bads.add(Bad.semantic(field, MISSING));
        bads.add(Bad.semantic(field, NODES.nullNode()));
        bads.add(Bad.structural(field, text("north")));
        bads.add(Bad.structural(field, NODES.objectNode()));
        bads.add(Bad.structural(field, array(44.9)));
    }

    /**
     * Names no enum has. A right name with blanks or control characters around it is not among them: the parser trims
     * what is at or below U+0020 from an enum name, so " CLOSED\u0000" is read as CLOSED, and only CLOSED is stored.
     */
    private static void enumBads(List<Bad> bads, String field, boolean required) {
        for (String value : List.of("SPACE", "closed", "C L O S E D", "<b>CLOSED</b>", "'; --", "CLO\u0000SED")) {
            bads.add(Bad.structural(field, text(value)));
        }
        bads.add(Bad.structural(field, NODES.objectNode()));
        if (required) {
            bads.add(Bad.semantic(field, MISSING));
            bads.add(Bad.semantic(field, NODES.nullNode()));
        }
    }

    private static void zoneBads(List<Bad> bads, String field) {
        String prefix = field.isEmpty() ? "zones" : field;
        String at = field.isEmpty() ? "" : field + ".";
        if (!field.isEmpty()) {
            notCollections().forEach(notACollection -> bads.add(Bad.semantic(field, notACollection)));
        }
        Map<String, JsonNode> badFeatures = new LinkedHashMap<>();
        badFeatures.put("properties.name", zoneNamed(""));
        badFeatures.put("properties.name ", zoneNamed("z".repeat(101)));
        badFeatures.put("properties.name  ", zoneNamed("unzoned"));
        badFeatures.put("properties.name   ", zoneNamed("Down\u0000town"));
        badFeatures.put("geometry", geometry(Map.of("type", "Point", "coordinates", List.of(-93.2, 44.9))));
        badFeatures.put("geometry ", polygon(List.of(List.of(200, 100), List.of(201, 100), List.of(201, 101), List.of(200, 100))));
        badFeatures.put("geometry  ", polygon(List.of(List.of(0, 0), List.of(1, 1), List.of(1, 0), List.of(0, 1), List.of(0, 0))));
        badFeatures.put("geometry   ", polygon(List.of(List.of(0, 0), List.of(1, 0), List.of(1, 1))));
        badFeatures.put("geometry    ", geometry(Map.of("type", "Polygon", "coordinates", "here")));
        badFeatures.put("geometry     ", geometry(Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of("a", "b"), List.of(1, 0), List.of(1, 1), List.of("a", "b"))))));
        badFeatures.forEach((where, feature) -> bads.add(new Bad(at + "features", array(feature), false,
                prefix + ".features[0]." + where.strip())));
        bads.add(new Bad(at + "features", array(zone("Downtown"), zone("Downtown")), false,
                prefix + ".features[1].properties.name"));
    }

    private static List<JsonNode> notCollections() {
        return List.of(text("Downtown"), NODES.numberNode(42), NODES.arrayNode(), object(Map.of("type", "Feature")),
                object(Map.of("type", "FeatureCollection", "features", Map.of())),
                object(Map.of("type", "FeatureCollection")));
    }

    /** Day ids that no day has: unknown, malformed, encoded oddly, far too long. */
    private static List<String> hostileDayIds() {
        return List.of("no-such-day", "UPPER", "x".repeat(3000), "<script>", "' OR '1'='1", "dé-jà", "..", ".", "%00",
                "a;b", "a\\b", "day\u0000", "🏳️‍🌈", "%2e%2e%2f", "fuzz-a/../fuzz-b");
    }

    /** Ids that name nothing and are not even well formed: the first ones reach the handler, which names them. */
    private static List<String> hostileIds() {
        List<String> ids = new ArrayList<>(MALFORMED_IDS);
        ids.addAll(List.of("%00", "..", "a;b", "%2e%2e%2f", "a\\b"));
        return ids;
    }

    static final List<String> MALFORMED_IDS = List.of("not-a-uuid", "123", "' OR 1=1 --", "<b>", "x".repeat(3000),
            "00000000-0000-0000-0000-00000000000g", "é");

    // ------------------------------------------------------------------------------------------ sending and judging

    private Http.Response send(Input input) {
        String token = switch (input.who()) {
            case COORDINATOR -> coordinators.get(turn++ % coordinators.size());
            case REPORTER -> reporters.get(turn++ % reporters.size());
            case REPORTER_OF_B -> reporterOfB;
            case ADMIN -> admin;
            case ANONYMOUS -> null;
        };
        // Below every limit: callers without a token share their address's 10 a second with the other tests, and the
        // admin token its 200 a second; reporters send fewer inputs than their burst.
        if (input.who() == Who.ANONYMOUS) {
            DayDriver.pause(125);
        } else if (input.who() == Who.ADMIN) {
            DayDriver.pause(10);
        }
        URI base = input.query() ? platform.queryUrl() : platform.commandUrl();
        return Http.send(base, input.method(), input.path(), token, input.contentType(), input.body(), input.chunked());
    }

    /** What is wrong with this answer to this input, or null. */
    private static String judge(Input input, Http.Response answer) {
        if (answer.status() < 400 || answer.status() >= 500) {
            return "answered " + answer.status() + ", not 4xx";
        }
        String notAProblem = answer.notAProblem();
        if (notAProblem != null) {
            return "not a problem document: " + notAProblem;
        }
        if (!input.statuses().contains(answer.status())) {
            return "answered " + answer.status() + ", expected one of " + input.statuses();
        }
        if (answer.status() == 400) {
            JsonNode errors = answer.json().path("errors");
            if (!input.fields().isEmpty() && (!errors.isArray() || errors.isEmpty())) {
                return "a 400 that names no field in errors, expected " + input.fields();
            }
            Set<String> named = new LinkedHashSet<>();
            errors.forEach(e -> named.add(e.path("field").asString()));
            if (!named.containsAll(input.fields())) {
                return "errors name " + named + ", expected " + input.fields();
            }
        }
        return null;
    }

    private Set<String> bodyOperations() throws Exception {
        Set<String> operations = new TreeSet<>();
        for (URI service : List.of(platform.commandUrl(), platform.queryUrl())) {
            JsonNode docs = new Api(service).get("/v3/api-docs", null).body();
            docs.path("paths").properties().forEach(path -> path.getValue().propertyNames().forEach(method -> {
                if (method.equals("post") || method.equals("put")) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }));
        }
        operations.removeAll(WITHOUT_INPUT);
        return operations;
    }

    private void assertHealthy() throws Exception {
        assertThat(platform.servicesAlive()).as(platform.exitedService().orElse("both running")).isTrue();
        Api query = new Api(platform.queryUrl());
        // The read side still follows the log (no refused input left a gap that holds its position, no event halted a
        // projection): a new report is in its views within seconds.
        Api.Answer fresh = command.post("/api/days/" + dayA.id + "/reports", coordinators.get(0),
                closure(UUID.randomUUID(), "Hostile Input Hardware"));
        assertThat(fresh.status()).as(fresh.raw()).isEqualTo(201);
        long last = fresh.body().path("position").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (query.get("/api/days/" + dayA.id, auditor).body().path("position").asLong() < last
                && System.nanoTime() < deadline) {
            DayDriver.pause(100);
        }
        for (URI service : List.of(platform.commandUrl(), platform.queryUrl())) {
            Api.Answer health = new Api(service).get("/actuator/health", null);
            assertThat(health.status()).as(service + " health").isEqualTo(200);
            assertThat(health.body().path("status").asString()).as(service + " health: " + health.raw()).isEqualTo("UP");
        }
        assertThat(query.get("/api/days/" + dayA.id, auditor).body().path("position").asLong()).isGreaterThanOrEqualTo(last);
    }

    // ------------------------------------------------------------------------------------------ the platform

    private String staff(String role, String label) {
        Api.Answer issued = command.post("/api/tokens", admin, Map.of("role", role, "label", label));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().path("token").asString();
    }

    private Day plan(String prefix, Instant startsAt, Instant endsAt, boolean open) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Answer planned = command.post("/api/days", coordinators.get(0), Map.of("id", id, "name", "Fuzzed day",
                "city", "Minneapolis", "timeZone", "America/Chicago", "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString()));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        if (open) {
            Api.Answer opened = command.post("/api/days/" + id + "/opening", coordinators.get(0), "");
            assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        }
        return new Day(id, startsAt, endsAt);
    }

    private UUID submit(Day day, Map<String, Object> report) {
        Api.Answer answer = command.post("/api/days/" + day.id + "/reports", coordinators.get(0), report);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return UUID.fromString(report.get("reportId").toString());
    }

    private List<String> invites(Day day, int count) {
        Api.Answer answer = command.post("/api/days/" + day.id + "/invites", coordinators.get(0),
                Map.of("count", count, "expiresAt", Instant.now().plus(2, ChronoUnit.HOURS).toString()));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.body().path("codes").valueStream().map(JsonNode::asString).toList();
    }

    private JsonNode join(String code) {
        Api.Answer joined = command.post("/api/join", null, Map.of("code", code));
        assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
        return joined.body();
    }

    private Map<String, Object> closure(UUID reportId, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", reportId.toString());
        body.put("kind", "CLOSURE");
        body.put("observedAt", Instant.now().minusSeconds(120).toString());
        body.put("note", "seen from the bus stop");
        body.put("business", Map.of("name", name, "address", "1 Main St",
                "location", Map.of("lat", 44.9706, "lon", -93.1010), "sector", "RETAIL"));
        body.put("status", "CLOSED");
        body.put("reason", "WORKER_ACTION");
        return body;
    }

    private Map<String, Object> walkout(UUID reportId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", reportId.toString());
        body.put("kind", "WALKOUT");
        body.put("observedAt", Instant.now().minusSeconds(120).toString());
        body.put("workplace", Map.of("name", "HCMC", "employer", "Hennepin Healthcare",
                "location", Map.of("lat", 44.9726, "lon", -93.2620), "sector", "HEALTHCARE"));
        body.put("type", "SICKOUT");
        body.put("participants", 40);
        body.put("workforce", 120);
        return body;
    }

    private Map<String, Object> headcount(UUID reportId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", reportId.toString());
        body.put("kind", "HEADCOUNT");
        body.put("observedAt", Instant.now().minusSeconds(120).toString());
        body.put("rally", Map.of("name", "Target Center rally", "location", Map.of("lat", 44.9795, "lon", -93.2761)));
        body.put("headcount", 500);
        body.put("method", "COUNTED");
        return body;
    }

    /**
     * What requests store: events of the log (integrity checkpoints, recorded in the background, left out), invite
     * codes and revoked staff tokens.
     */
    private static List<Long> stored(Connection db) throws SQLException {
        return List.of(count(db, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier NOT LIKE 'checkpoint:%'"),
                count(db, "SELECT count(*) FROM invite"), count(db, "SELECT count(*) FROM revoked_token"));
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many events of each fuzzed day the AUDITOR's event log shows (checkpoints left out). */
    /**
     * The days' event logs once the query side has applied what was stored before (the setup's last reports may
     * still be on their way): read until two reads a second and a half apart agree, for at most half a minute.
     */
    private Map<String, Long> settledDayEvents() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        // The query side knows a day once it processed through the day's planning: until then its log is a 404.
        Api query = new Api(platform.queryUrl());
        for (Day day : List.of(dayA, dayB, plannedC, closedD)) {
            while (query.get("/api/days/" + day.id, auditor).status() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        Map<String, Long> last = dayEvents();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1500);
            Map<String, Long> now = dayEvents();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private Map<String, Long> dayEvents() {
        Api query = new Api(platform.queryUrl());
        Map<String, Long> counts = new TreeMap<>();
        for (Day day : List.of(dayA, dayB, plannedC, closedD)) {
            long events = 0;
            String after = "";
            while (true) {
                Api.Answer page = query.get("/api/days/" + day.id + "/events?limit=1000" + after, auditor);
                assertThat(page.status()).as(page.raw()).isEqualTo(200);
                for (JsonNode event : page.body().path("events")) {
                    if (!event.path("type").asString().contains("Checkpoint")) {
                        events++;
                    }
                }
                if (page.body().path("events").size() < 1000) {
                    break;
                }
                after = "&after=" + page.body().path("next").asString();
            }
            counts.put(day.id, events);
        }
        return counts;
    }

    // ------------------------------------------------------------------------------------------ JSON helpers

    private static ObjectNode object(Map<String, ?> map) {
        return (ObjectNode) Api.JSON.valueToTree(map);
    }

    private static JsonNode text(String value) {
        return NODES.stringNode(value);
    }

    private static ArrayNode array(Object... values) {
        return Api.JSON.valueToTree(java.util.Arrays.stream(values).map(v -> v == null ? NODES.nullNode() : v).toList());
    }

    private static ObjectNode featureCollection(JsonNode... features) {
        ObjectNode collection = NODES.objectNode();
        collection.put("type", "FeatureCollection");
        collection.set("features", array((Object[]) features));
        return collection;
    }

    private static JsonNode zone(String name) {
        double west = -93.30 + Math.abs(name.hashCode() % 10) * 0.01;
        return object(StaffClient.zone(name, west, 44.95, west + 0.01, 44.96));
    }

    private static JsonNode zoneNamed(String name) {
        ObjectNode zone = (ObjectNode) zone("Downtown").deepCopy();
        ((ObjectNode) zone.get("properties")).put("name", name);
        return zone;
    }

    private static JsonNode geometry(Map<String, ?> geometry) {
        ObjectNode zone = (ObjectNode) zone("Downtown").deepCopy();
        zone.set("geometry", object(geometry));
        return zone;
    }

    private static JsonNode polygon(List<List<Integer>> ring) {
        return geometry(Map.of("type", "Polygon", "coordinates", List.of(ring)));
    }

    /** Sets (or, for {@link #MISSING}, removes) the value at a dotted path, making objects on the way. */
    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = node.putObject(parts[i]);
            }
            node = (ObjectNode) next;
        }
        if (value.isMissingNode()) {
            node.remove(parts[parts.length - 1]);
        } else {
            node.set(parts[parts.length - 1], value);
        }
    }

    private static String pointer(String path) {
        return "/" + path.replace('.', '/');
    }

    private static boolean related(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        if (a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".")) {
            return true;
        }
        // one is checked against the other: a bad value of both can make the pair consistent again
        return Set.of(Set.of("participants", "workforce"), Set.of("startsAt", "endsAt")).contains(Set.of(a, b));
    }

    /** The first text field of the body, else its first list (of text: the invite codes), else its note. */
    private static String firstText(ObjectNode body) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (property.getValue().isString()) {
                return property.getKey();
            }
        }
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (property.getValue().isArray()) {
                return property.getKey();
            }
        }
        return "note"; // a body of figures only (a correction): its note
    }

    private static String segment(String id) {
        if (id.contains("%") || id.contains("/") || id.equals("..") || id.equals(".")) {
            return id; // sent as written: encodings and dot segments are the point
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String shortly(JsonNode value) {
        String text = value.isMissingNode() ? "(missing)" : value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
    }
}
