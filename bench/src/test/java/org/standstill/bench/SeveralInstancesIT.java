package org.standstill.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.standstill.bench.TallyOracle.Facts;
import org.standstill.bench.TallyOracle.Kind;
import org.standstill.bench.TallyOracle.Mode;
import org.standstill.bench.TallyOracle.Subject;
import org.standstill.bench.TallyOracle.Zone;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-service and two query-service instances on one fresh PostgreSQL (a platform of its own): reports sent to
 * both command instances in turn, corrected and judged through the other one, and the same report raced to both at
 * once; invites, joins and revocations across instances; the tally on both query instances equal to the oracle's, and
 * pushed to a STOMP client of each; then one query instance is killed with SIGKILL, and the other takes its segments
 * over: the figures stay exact, and live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {

    static final Duration CATCH_UP = Duration.ofSeconds(60);
    static final List<Zone> ZONES = List.of(
            new Zone("North Loop", -93.29, 44.98, -93.26, 45.00),
            new Zone("Frogtown", -93.16, 44.955, -93.12, 44.97));
    static final List<String> STATUSES = List.of("CLOSED", "PARTIAL", "OPEN");

    Platform platform;
    List<Api> commands;
    List<Api> queries;
    String coordinator;
    String day;
    TallyOracle oracle = new TallyOracle(ZONES);
    Random random = new Random(20260123L);
    long lastPosition;
    List<LiveTally> dashboards = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        platform = Platform.startForTests(2, 2, Map.of());
        commands = platform.commandUrls().stream().map(Api::new).toList();
        queries = platform.queryUrls().stream().map(Api::new).toList();
        Api.Answer issued = commands.get(1).post("/api/tokens", platform.adminToken(),
                Map.of("role", "COORDINATOR", "label", "several instances"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        coordinator = issued.body().path("token").asString();
        day = "instances-" + UUID.randomUUID().toString().substring(0, 8);
        // Planned on one command instance, opened on the other: each looks the day up in the database.
        Instant now = Instant.now();
        List<Object> features = ZONES.stream().map(SeveralInstancesIT::feature).map(f -> (Object) f).toList();
        Api.Answer planned = commands.get(0).post("/api/days", coordinator, Map.of("id", day, "name", "Two of each",
                "city", "Minneapolis", "timeZone", "America/Chicago",
                "startsAt", now.minus(4, ChronoUnit.HOURS).toString(), "endsAt", now.plus(4, ChronoUnit.HOURS).toString(),
                "zones", Map.of("type", "FeatureCollection", "features", features)));
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        Api.Answer opened = commands.get(1).post("/api/days/" + day + "/opening", coordinator, "");
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        for (URI query : platform.queryUrls()) {
            dashboards.add(new LiveTally(query, coordinator, day));
        }
    }

    @AfterAll
    void stop() {
        for (LiveTally dashboard : dashboards) {
            try {
                dashboard.close();
            } catch (IllegalStateException closedByTheKill) {
                // the killed instance's connection is gone already
            }
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void reportsSentToBothCommandInstances_areTalliedExactlyOnBothQueryInstances_andPushedToTheClientsOfEach()
            throws Exception {
        List<UUID> reports = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reports.add(submit(commands.get(i % 2), i));
        }
        // Each report's later events through the other command instance than its submission's.
        for (int i = 0; i < reports.size(); i += 3) {
            Api other = commands.get((i + 1) % 2);
            if (i % 2 == 0) {
                judge(other, reports.get(i), i % 4 == 0 ? "VERIFIED" : "DISPUTED");
            } else {
                retract(other, reports.get(i));
            }
        }
        assertExactEverywhere(List.of(0, 1));
    }

    @Test
    @Order(2)
    void theSameReportRacedToBothCommandInstances_isStoredOnce_oneAnswer201TheOther200WithTheSameBody_andSoIsACorrection()
            throws Exception {
        for (int race = 0; race < 5; race++) {
            UUID id = UUID.randomUUID();
            Map<String, Object> body = closure(id, "Raced Market " + race, 44.99, -93.27, "CLOSED");
            CountDownLatch ready = new CountDownLatch(2);
            CountDownLatch go = new CountDownLatch(1);
            Instant before = Instant.now();
            List<CompletableFuture<Api.Answer>> answers = new ArrayList<>();
            for (Api command : commands) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return command.post("/api/days/" + day + "/reports", coordinator, body);
                }));
            }
            ready.await();
            go.countDown();
            Api.Answer first = answers.get(0).get();
            Api.Answer second = answers.get(1).get();
            Instant after = Instant.now();

            assertThat(List.of(first.status(), second.status())).as("%s / %s", first.raw(), second.raw())
                    .containsExactlyInAnyOrder(201, 200);
            assertThat(first.body()).isEqualTo(second.body());
            assertThat(eventsOf(id.toString())).isEqualTo(1);
            oracle.submitted(before, after, id, Kind.CLOSURE, "coordinator", subject(Kind.CLOSURE, "Raced Market " + race,
                    44.99, -93.27), Instant.parse(body.get("observedAt").toString()), Facts.closure("CLOSED"));
            lastPosition = Math.max(lastPosition, first.body().path("position").asLong());

            // The same correction raced to both: the loser of the aggregate's next sequence number is sent again and
            // finds it changes nothing.
            List<Api.Answer> corrected = race("/api/days/" + day + "/reports/" + id + "/corrections",
                    Map.of("status", "OPEN"));
            Instant correctedAfter = Instant.now();
            assertThat(corrected.stream().map(Api.Answer::status).toList()).as("%s / %s", corrected.get(0).raw(),
                    corrected.get(1).raw()).containsExactlyInAnyOrder(201, 200);
            assertThat(eventsOf(id.toString())).isEqualTo(2);
            oracle.corrected(after, correctedAfter, id, null, Facts.closure("OPEN"));
            lastPosition = Math.max(lastPosition, corrected.stream().mapToLong(a -> a.body().path("position").asLong())
                    .max().orElseThrow());
        }
        assertExactEverywhere(List.of(0, 1));
    }

    /** POSTs the same body to both command instances at once; answers their answers. */
    private List<Api.Answer> race(String path, Object body) throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Api.Answer>> answers = new ArrayList<>();
        for (Api command : commands) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return command.post(path, coordinator, body);
            }));
        }
        ready.await();
        go.countDown();
        return List.of(answers.get(0).get(), answers.get(1).get());
    }

    @Test
    @Order(3)
    void invitesJoinsAndRevocations_holdAcrossInstances() throws Exception {
        Api.Answer invited = commands.get(0).post("/api/days/" + day + "/invites", coordinator,
                Map.of("count", 2, "expiresAt", Instant.now().plus(2, ChronoUnit.HOURS).toString()));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        String code = invited.body().path("codes").get(0).asString();

        Api.Answer joined = commands.get(1).post("/api/join", null, Map.of("code", code));
        Api.Answer again = commands.get(0).post("/api/join", null, Map.of("code", code));

        assertThat(joined.status()).as(joined.raw()).isEqualTo(201);
        assertThat(again.status()).as("a code works once, whichever instance it is used on").isEqualTo(409);
        String reporter = joined.body().path("token").asString();
        String reporterId = joined.body().path("reporterId").asString();
        Map<String, Object> joinedClosure = closure(UUID.randomUUID(), "Joined Bakery", 44.96, -93.14, "CLOSED");
        Instant before = Instant.now();
        Api.Answer reported = commands.get(0).post("/api/days/" + day + "/reports", reporter, joinedClosure);
        Instant after = Instant.now();
        assertThat(reported.status()).as(reported.raw()).isEqualTo(201);
        oracle.submitted(before, after, UUID.fromString(joinedClosure.get("reportId").toString()), Kind.CLOSURE,
                reporterId, subject(Kind.CLOSURE, "Joined Bakery", 44.96, -93.14),
                Instant.parse(joinedClosure.get("observedAt").toString()), Facts.closure("CLOSED"));
        lastPosition = Math.max(lastPosition, reported.body().path("position").asLong());

        Api.Answer revoked = commands.get(1).post("/api/days/" + day + "/reporters/" + reporterId + "/revocation",
                coordinator, "");
        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(204);
        for (Api command : commands) {
            assertThat(command.post("/api/days/" + day + "/reports", reporter,
                    closure(UUID.randomUUID(), "Joined Bakery", 44.96, -93.14, "OPEN")).status())
                    .as("a revoked reporter on each command instance at once").isEqualTo(401);
        }
        for (Api query : queries) {
            assertThat(awaitStatus(query, "/api/days/" + day + "/reporters/me/reports", reporter, 401))
                    .as("a revoked reporter on each query instance").isEqualTo(401);
        }

        // A staff token revoked through one command instance is refused by every instance.
        Api.Answer auditor = commands.get(0).post("/api/tokens", platform.adminToken(),
                Map.of("role", "AUDITOR", "label", "revoked across instances"));
        String auditorToken = auditor.body().path("token").asString();
        assertThat(queries.get(1).get("/api/days", auditorToken).status()).isEqualTo(200);
        Api.Answer staffRevoked = commands.get(1).post("/api/tokens/" + auditor.body().path("tokenId").asString()
                + "/revocation", platform.adminToken(), "");
        assertThat(staffRevoked.status()).as(staffRevoked.raw()).isEqualTo(204);
        for (Api query : queries) {
            assertThat(query.get("/api/days", auditorToken).status()).isEqualTo(401);
        }
        // The revoked reporter's report still counts, once.
        assertExactEverywhere(List.of(0, 1));
    }

    @Test
    @Order(4)
    void aQueryInstanceKilled_leavesItsSegmentsToTheOther_andTheFiguresStayExactAndLive() throws Exception {
        // The processor's one segment is split for the two instances, and each claims one.
        assertThat(instancesOwningSegments()).as("the instances claiming the tally's segments: %s", segmentOwners())
                .containsExactlyInAnyOrder(0, 1);
        int victim = instanceOwningSegment(0);
        int survivor = 1 - victim;
        platform.killQueryInstance(victim);

        for (int i = 100; i < 120; i++) {
            submit(commands.get(i % 2), i);
        }
        assertExactEverywhere(List.of(survivor));
        assertThat(segmentOwners()).as("every segment is claimed by the instance left").allMatch(owner ->
                owner != null && owner.startsWith(platform.queryPids().get(survivor) + "@"));
    }

    // ----- helpers -----

    private UUID submit(Api command, int i) {
        UUID id = UUID.randomUUID();
        Kind kind = Kind.values()[i % 3];
        // Observed within the last half hour: every headcount stays in the crowd's window while the test runs.
        Instant seen = Instant.now().minus(5 + random.nextInt(25), ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        int place = i % 7;
        // Each place at one spot (a subject is its day, name and H3 cell), some in a zone and some not.
        double lat = place % 2 == 0 ? 44.99 + place * 0.0005 : 44.93 + place * 0.0005;
        double lon = -93.28 + place * 0.0005;
        String name = kind + " place " + place;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", id.toString());
        body.put("kind", kind.name());
        body.put("observedAt", seen.toString());
        Facts facts;
        switch (kind) {
            case CLOSURE -> {
                String status = STATUSES.get(random.nextInt(STATUSES.size()));
                body.put("business", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon), "sector", "RETAIL"));
                body.put("status", status);
                facts = Facts.closure(status);
            }
            case WALKOUT -> {
                int participants = 1 + random.nextInt(300);
                body.put("workplace", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon),
                        "sector", "HEALTHCARE"));
                body.put("type", "WALKOUT");
                body.put("participants", participants);
                facts = Facts.walkout("WALKOUT", participants);
            }
            default -> {
                int headcount = 50 * (1 + random.nextInt(100));
                body.put("rally", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon)));
                body.put("headcount", headcount);
                body.put("method", "COUNTED");
                facts = Facts.headcount(headcount);
            }
        }
        Instant before = Instant.now();
        Api.Answer answer = command.post("/api/days/" + day + "/reports", coordinator, body);
        Instant after = Instant.now();
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        oracle.submitted(before, after, id, kind, "coordinator", subject(kind, name, lat, lon), seen, facts);
        lastPosition = Math.max(lastPosition, answer.body().path("position").asLong());
        return id;
    }

    private void judge(Api command, UUID report, String verdict) {
        Instant before = Instant.now();
        Api.Answer answer = command.post("/api/days/" + day + "/reports/" + report + "/verdict", coordinator,
                Map.of("verdict", verdict));
        Instant after = Instant.now();
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        oracle.judged(before, after, report, verdict);
        lastPosition = Math.max(lastPosition, answer.body().path("position").asLong());
    }

    private void retract(Api command, UUID report) {
        Instant before = Instant.now();
        Api.Answer answer = command.post("/api/days/" + day + "/reports/" + report + "/retraction", coordinator, "");
        Instant after = Instant.now();
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        oracle.retracted(before, after, report);
        lastPosition = Math.max(lastPosition, answer.body().path("position").asLong());
    }

    private Map<String, Object> closure(UUID id, String name, double lat, double lon, String status) {
        Instant seen = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", id.toString());
        body.put("kind", "CLOSURE");
        body.put("observedAt", seen.toString());
        body.put("business", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon), "sector", "RETAIL"));
        body.put("status", status);
        return body;
    }

    /** What the oracle knows of a subject: its key is its kind and name (as the service's subject id is derived). */
    private static Subject subject(Kind kind, String name, double lat, double lon) {
        return new Subject(kind + ":" + name, kind == Kind.CLOSURE ? "RETAIL" : kind == Kind.WALKOUT ? "HEALTHCARE" : null,
                lat, lon);
    }

    /**
     * On each of these query instances: the live tally reaches the last answered position and equals the oracle's
     * (asked again while it is complete only up to an earlier knownAt); a tally as known at an instant between two
     * requests equals the oracle's too; and the instance's STOMP client receives a tally that has the position.
     */
    private void assertExactEverywhere(List<Integer> instances) throws Exception {
        // An instant after every answer so far and before the next request (whole milliseconds, as an auditor types).
        Thread.sleep(3);
        Instant k = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Thread.sleep(3);
        for (int i : instances) {
            Api query = queries.get(i);
            JsonNode live = awaitLive(query);
            Instant now = Instant.parse(live.path("at").asString());
            assertThat(Figures.of(live).differencesFrom(oracle.tally(now, now, Mode.ALL)))
                    .as("query instance %d, live: %s", i, live).isEmpty();
            JsonNode known = query.get("/api/days/" + day + "/tally?knownAt=" + k + "&at=" + k + "&mode=VERIFIED",
                    coordinator).body();
            assertThat(Figures.of(known).differencesFrom(oracle.tally(k, k, Mode.VERIFIED)))
                    .as("query instance %d, as known at %s: %s", i, k, known).isEmpty();
            JsonNode pushed = dashboards.get(i).await(t -> t.path("position").asLong() >= lastPosition, CATCH_UP);
            assertThat(pushed).as("query instance %d pushes the tally at position %d to its client", i, lastPosition)
                    .isNotNull();
            assertThat(Figures.of(pushed).differencesFrom(Figures.of(live))).as("pushed on instance %d", i).isEmpty();
        }
    }

    /** The live tally once its position reaches the last answered one and it is complete at its own now. */
    private JsonNode awaitLive(Api query) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        JsonNode tally;
        do {
            Api.Answer answer = query.get("/api/days/" + day + "/tally", coordinator);
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            tally = answer.body();
            if (tally.path("position").asLong() >= lastPosition
                    && tally.path("knownAt").asString().equals(tally.path("at").asString())) {
                return tally;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The live tally never reached position " + lastPosition + ": " + tally);
    }

    private int awaitStatus(Api query, String path, String token, int status) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        int answered;
        do {
            answered = query.get(path, token).status();
            if (answered == status) {
                return answered;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return answered;
    }

    /** The query instance (0 or 1) whose JVM holds the claim on a segment of the tally's processor. */
    private int instanceOwningSegment(int segment) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (System.nanoTime() < deadline) {
            String owner = segmentOwners().get(segment);
            for (int i = 0; i < 2; i++) {
                if (owner != null && owner.startsWith(platform.queryPids().get(i) + "@")) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No query instance claims segment " + segment + ": " + segmentOwners());
    }

    /** Once the tally has a segment per query instance, which instance claims each (or what they claim at the end). */
    private List<Integer> instancesOwningSegments() throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        List<Integer> owners;
        do {
            owners = new ArrayList<>();
            for (String owner : segmentOwners()) {
                for (int i = 0; i < 2; i++) {
                    if (owner != null && owner.startsWith(platform.queryPids().get(i) + "@")) {
                        owners.add(i);
                    }
                }
            }
            if (owners.size() == 2 && !owners.get(0).equals(owners.get(1))) {
                return owners;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return owners;
    }

    private List<String> segmentOwners() throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement statement = db.prepareStatement(
                "SELECT owner FROM tokenentry WHERE processorname = 'tally' ORDER BY segment");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        }
        return owners;
    }

    private long eventsOf(String aggregateId) throws Exception {
        try (Connection db = connect(); PreparedStatement statement = db.prepareStatement(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")) {
            statement.setString(1, aggregateId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }

    private static Map<String, Object> feature(Zone zone) {
        List<List<Double>> ring = List.of(List.of(zone.west(), zone.south()), List.of(zone.east(), zone.south()),
                List.of(zone.east(), zone.north()), List.of(zone.west(), zone.north()), List.of(zone.west(), zone.south()));
        return Map.of("type", "Feature", "properties", Map.of("name", zone.name()),
                "geometry", Map.of("type", "Polygon", "coordinates", List.of(ring)));
    }
}
