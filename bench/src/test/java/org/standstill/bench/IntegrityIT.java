package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.standstill.api.audit.ChainHash;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrity check of a day ({@code GET /api/days/{dayId}/integrity}) end to end, on the log as the command
 * service stored it, tampered with directly in PostgreSQL: every kind of broken link is reported by its event, in
 * the order of the check (chains by aggregate, then indexed events gone from the log, then checkpoint heads), and a
 * day of thousands of aggregates is checked whole, a badly broken one answering its first 1,000 problems and the
 * count of all. The log is put back as it was after each test, for the other tests on this platform.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrityIT {

    /** Problems an answer lists (the service's cap); the rest are counted in brokenCount. */
    static final int LISTED = 1000;
    static final String NO_HASH = "0".repeat(64);

    Platform platform;
    Api command;
    Api query;
    String coordinator;
    String auditor;

    /** One problem of the answer, as the auditor reads it. */
    record Problem(String eventId, String aggregateId, long sequence, String problem, String expected, String found) {

        static Problem of(JsonNode b) {
            return new Problem(b.path("eventId").isNull() ? null : b.path("eventId").asString(),
                    b.path("aggregateId").asString(), b.path("sequence").asLong(), b.path("problem").asString(),
                    b.path("expected").asString(), b.path("found").asString());
        }
    }

    /** The newest checkpoint of the day, as the answer shows it. */
    record Checkpoint(long position, long upToPosition, int heads, String digest) {

        static Checkpoint of(JsonNode c) {
            return new Checkpoint(c.path("position").asLong(), c.path("upToPosition").asLong(), c.path("heads").asInt(),
                    c.path("digest").asString());
        }
    }

    /** A stored event, as read from domainevententry. */
    record Row(long position, String aggregateId, long sequence, String eventId, String payloadType, String revision,
               String timestamp, byte[] payload, String hash, String previousHash) {

        /** Its hash recomputed from what is stored now. */
        String recomputed() {
            return ChainHash.of(aggregateId, sequence, payloadType, revision, timestamp, payload, previousHash);
        }
    }

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        coordinator = token("COORDINATOR");
        auditor = token("AUDITOR");
    }

    @Test
    void aTamperedDay_isReportedEventByEvent_contentChangedEventRemovedSequenceGapAndCheckpointHeadChanged()
            throws Exception {
        String day = openDay("integrity", zonesOfAbout(90_000));
        String a = report(day, closure("Hmongtown Marketplace", 44.9766, -93.1077));
        correct(day, a, Map.of("status", "PARTIAL"));
        correct(day, a, Map.of("status", "OPEN"));
        String b = report(day, walkout("Clinic", 40));
        String c = report(day, headcount("Target Center rally", 50_000));
        verdict(day, c);
        correct(day, c, Map.of("headcount", 5_000, "method", "COUNTED"));
        String d = report(day, closure("Karmel Mall", 44.9483, -93.2880));
        assertThat(command.post("/api/days/" + day + "/reports/" + d + "/retraction", coordinator, "").status())
                .isEqualTo(200);
        awaitCheckpointed(day);

        JsonNode clean = integrity(day);
        assertThat(clean.path("ok").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.path("broken").size()).isZero();
        assertThat(clean.path("events").asLong()).isEqualTo(storedEventsOf(day));
        assertThat(clean.path("aggregates").asLong()).as("the day, four reports, the checkpoints").isEqualTo(6);
        assertThat(clean.path("brokenCount").asLong()).isZero();

        Row planned = row(day, 0);
        assertThat(planned.payload().length).as("the plan is one of the large payloads").isGreaterThan(64 * 1024);
        Row a1 = row(a, 1);
        Row a2 = row(a, 2);
        Row a0 = row(a, 0);
        Row b0 = row(b, 0);
        Row c2 = row(c, 2);
        Row d1 = row(d, 1);
        Row headsOfB = checkpointWithHead(day, b);
        List<Long> tampered = List.of(planned.position(), a1.position(), b0.position(), c2.position(),
                d1.position(), headsOfB.position());
        String saved = save(tampered);
        try {
            // content changed: a zone's name in the day's plan (a payload of ~90 KB) and a walkout's figure
            update("UPDATE domainevententry SET payload = convert_to(regexp_replace(convert_from(payload, 'UTF8'), "
                    + "'\"name\":\"Ring\"', '\"name\":\"Rink\"'), 'UTF8') WHERE globalindex = ?", planned.position());
            update("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                    + "'\"participants\":40', '\"participants\":41'), 'UTF8') WHERE globalindex = ?", b0.position());
            // an event removed from the middle of a chain, and the last event of another
            update("DELETE FROM domainevententry WHERE globalindex = ?", a1.position());
            update("DELETE FROM domainevententry WHERE globalindex = ?", d1.position());
            // a sequence gap: the last event of a chain renumbered from 2 to 5
            update("UPDATE domainevententry SET sequencenumber = 5 WHERE globalindex = ?", c2.position());
            // a checkpoint head changed
            update("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '"
                    + b0.hash() + "', '" + NO_HASH + "'), 'UTF8') WHERE globalindex = ?", headsOfB.position());

            Row plannedNow = row(day, 0);
            Row b0Now = row(b, 0);
            Row c5 = row(c, 5);
            Row headsNow = rowAt(headsOfB.position());
            Map<String, List<Problem>> chains = new TreeMap<>();
            chains.put(day, List.of(new Problem(planned.eventId(), day, 0, "content does not match its hash",
                    plannedNow.recomputed(), planned.hash())));
            chains.put(a, List.of(
                    new Problem(a2.eventId(), a, 2, "events missing before this one", "sequence 1", "sequence 2"),
                    new Problem(a2.eventId(), a, 2, "not chained to the previous event", a0.hash(), a1.hash())));
            chains.put(b, List.of(new Problem(b0.eventId(), b, 0, "content does not match its hash",
                    b0Now.recomputed(), b0.hash())));
            chains.put(c, List.of(
                    new Problem(c2.eventId(), c, 5, "events missing before this one", "sequence 2", "sequence 5"),
                    new Problem(c2.eventId(), c, 5, "content does not match its hash", c5.recomputed(), c2.hash())));
            chains.put(headsOfB.aggregateId(), List.of(new Problem(headsOfB.eventId(), headsOfB.aggregateId(),
                    headsOfB.sequence(), "content does not match its hash", headsNow.recomputed(), headsOfB.hash())));
            List<Problem> expected = new ArrayList<>();
            chains.values().forEach(expected::addAll);
            List<Row> gone = new ArrayList<>(List.of(a1, c2, d1));
            gone.sort(Comparator.comparingLong(Row::position));
            gone.forEach(g -> expected.add(new Problem(g.eventId(), g.aggregateId(), g.sequence(),
                    "event missing from the log (it was at position " + g.position() + ")", "present", "absent")));
            List<Problem> heads = headProblems(day);
            expected.addAll(heads);

            JsonNode report = integrity(day);

            assertThat(heads).as("the checkpoints' heads of the changed walkout, the renumbered and the deleted event")
                    .contains(new Problem(b0.eventId(), b, 0,
                                    "does not match the head recorded by the checkpoint at position " + headsOfB.position(),
                                    NO_HASH, b0.hash()),
                            new Problem(null, c, 2, problemOfHead(day, c, 2), c2.hash(), "absent"),
                            new Problem(null, d, 1, problemOfHead(day, d, 1), d1.hash(), "absent"));
            assertThat(report.path("ok").asBoolean()).isFalse();
            assertThat(report.path("broken").valueStream().map(Problem::of).toList()).containsExactlyElementsOf(expected);
            assertThat(report.path("events").asLong()).isEqualTo(storedEventsOf(day));
            assertThat(report.path("aggregates").asLong()).isEqualTo(6);
            assertThat(Checkpoint.of(report.path("checkpoint"))).isEqualTo(newestCheckpoint(day));
            assertThat(report.path("brokenCount").asLong()).isEqualTo(expected.size());
        } finally {
            restore(saved);
        }
        assertThat(integrity(day).path("ok").asBoolean()).as("the log put back is whole again").isTrue();
    }

    @Test
    void aLargeDay_isCheckedWhole_andABadlyBrokenOne_listsItsFirst1000ProblemsAndCountsThemAll() throws Exception {
        int reports = 1_200;
        String day = openDay("integrity-large", zonesOfAbout(90_000));
        List<String> reportIds = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                String sender = token("COORDINATOR");
                int first = s * reports / 4;
                sent.add(senders.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = first; i < first + reports / 4; i++) {
                        String id = report(day, sender, closure("Shop " + i, 44.90 + (i % 100) * 0.001,
                                -93.30 + (i / 100) * 0.001));
                        if (i % 10 == 0) {
                            verdict(day, sender, id);
                        }
                        ids.add(id);
                    }
                    return ids;
                }));
            }
            for (Future<List<String>> ids : sent) {
                reportIds.addAll(ids.get());
            }
        } finally {
            senders.shutdown();
        }
        awaitCheckpointed(day);

        JsonNode clean = integrity(day);
        assertThat(clean.path("ok").asBoolean()).as(clean.path("broken").toString()).isTrue();
        assertThat(clean.path("broken").size()).isZero();
        assertThat(clean.path("brokenCount").asLong()).isZero();
        assertThat(clean.path("events").asLong()).isEqualTo(storedEventsOf(day))
                .isGreaterThanOrEqualTo(2 + reports + reports / 10);
        assertThat(clean.path("aggregates").asLong()).as("the day, its reports, its checkpoints").isEqualTo(reports + 2);
        assertThat(Checkpoint.of(clean.path("checkpoint"))).isEqualTo(newestCheckpoint(day));

        // Every report's first event changed: a problem for each, more than an answer lists.
        String saved = saveFirstEventsOf(reportIds);
        try {
            try (Connection db = connect(); PreparedStatement tamper = db.prepareStatement("""
                    UPDATE domainevententry SET timestamp = timestamp || ' '
                    WHERE aggregateidentifier = ANY (?) AND sequencenumber = 0""")) {
                tamper.setArray(1, db.createArrayOf("varchar", reportIds.toArray()));
                assertThat(tamper.executeUpdate()).isEqualTo(reports);
            }

            JsonNode report = integrity(day);

            List<String> firstAggregates = reportIds.stream().sorted().limit(LISTED).toList();
            List<Problem> broken = report.path("broken").valueStream().map(Problem::of).toList();
            assertThat(report.path("ok").asBoolean()).isFalse();
            assertThat(report.path("brokenCount").asLong()).isEqualTo(reports);
            assertThat(broken).hasSize(LISTED);
            assertThat(broken).extracting(Problem::aggregateId).containsExactlyElementsOf(firstAggregates);
            assertThat(broken).extracting(Problem::problem).containsOnly("content does not match its hash");
            assertThat(broken).extracting(Problem::sequence).containsOnly(0L);
            assertThat(report.path("events").asLong()).isEqualTo(clean.path("events").asLong());
            assertThat(report.path("aggregates").asLong()).isEqualTo(reports + 2);
        } finally {
            restore(saved);
        }
        assertThat(integrity(day).path("ok").asBoolean()).as("the log put back is whole again").isTrue();
    }

    // --- the day, over HTTP -----------------------------------------------------------------------------------

    /**
     * Plans and opens a day whose plan carries zones; a large plan (tens of KB) makes the day's first event one of
     * the larger payloads of the log.
     */
    private String openDay(String prefix, Map<String, Object> zones) {
        String day = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Map<String, Object> plan = new LinkedHashMap<>(Map.of("id", day, "name", "Integrity", "city", "Minneapolis",
                "timeZone", "America/Chicago", "startsAt", now.minus(6, ChronoUnit.HOURS).toString(),
                "endsAt", now.plus(6, ChronoUnit.HOURS).toString()));
        plan.put("zones", zones);
        Api.Answer planned = command.post("/api/days", coordinator, plan);
        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        assertThat(command.post("/api/days/" + day + "/opening", coordinator, "").status()).isEqualTo(200);
        return day;
    }

    /** One zone, "Ring": a polygon around Minneapolis with enough vertices to weigh about {@code bytes}. */
    private static Map<String, Object> zonesOfAbout(int bytes) {
        int vertices = bytes / 20;
        List<List<Double>> ring = new ArrayList<>();
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * i / vertices;
            ring.add(List.of(Math.round((-93.26 + 0.2 * Math.cos(angle)) * 1e6) / 1e6,
                    Math.round((44.97 + 0.15 * Math.sin(angle)) * 1e6) / 1e6));
        }
        ring.add(ring.get(0));
        return Map.of("type", "FeatureCollection", "features", List.of(Map.of("type", "Feature",
                "properties", Map.of("name", "Ring"), "geometry", Map.of("type", "Polygon", "coordinates", List.of(ring)))));
    }

    private static Map<String, Object> closure(String name, double lat, double lon) {
        return Map.of("kind", "CLOSURE", "business", Map.of("name", name, "location", Map.of("lat", lat, "lon", lon),
                "sector", "RETAIL"), "status", "CLOSED", "reason", "WORKER_ACTION");
    }

    private static Map<String, Object> walkout(String name, int participants) {
        return Map.of("kind", "WALKOUT", "workplace", Map.of("name", name,
                "location", Map.of("lat", 44.95, "lon", -93.26), "sector", "HEALTHCARE"),
                "type", "SICKOUT", "participants", participants);
    }

    private static Map<String, Object> headcount(String name, int headcount) {
        return Map.of("kind", "HEADCOUNT", "rally", Map.of("name", name,
                "location", Map.of("lat", 44.9795, "lon", -93.2761)), "headcount", headcount, "method", "DENSITY_ESTIMATE");
    }

    private String report(String day, Map<String, Object> body) {
        return report(day, coordinator, body);
    }

    /** Submits a report observed ten minutes ago; answers its id. */
    private String report(String day, String token, Map<String, Object> body) {
        String reportId = UUID.randomUUID().toString();
        Map<String, Object> report = new LinkedHashMap<>(body);
        report.put("reportId", reportId);
        report.put("observedAt", Instant.now().minusSeconds(600).toString());
        Api.Answer answer = command.post("/api/days/" + day + "/reports", token, report);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return reportId;
    }

    private void correct(String day, String reportId, Map<String, Object> correction) {
        Api.Answer answer = command.post("/api/days/" + day + "/reports/" + reportId + "/corrections", coordinator,
                correction);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
    }

    private void verdict(String day, String reportId) {
        verdict(day, coordinator, reportId);
    }

    private void verdict(String day, String token, String reportId) {
        Api.Answer answer = command.post("/api/days/" + day + "/reports/" + reportId + "/verdict", token,
                Map.of("verdict", "VERIFIED"));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    private String token(String role) {
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(),
                Map.of("role", role, "label", "integrity " + role.toLowerCase()));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().path("token").asString();
    }

    private JsonNode integrity(String day) {
        Api.Answer answer = query.get("/api/days/" + day + "/integrity", auditor);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body();
    }

    // --- the log, in PostgreSQL -------------------------------------------------------------------------------

    /**
     * Waits until a checkpoint of the day covers its last event and the query side has indexed every event of the
     * day, the checkpoints' included: from then on nothing joins the day's log unless something is posted.
     */
    private void awaitCheckpointed(String day) throws Exception {
        long last = longOf("SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier <> ? "
                + "AND convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = ?", "checkpoint:" + day, day);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (longOf("SELECT coalesce(max((convert_from(payload, 'UTF8')::jsonb ->> 'upToPosition')::bigint), 0) "
                + "FROM domainevententry WHERE aggregateidentifier = ?", "checkpoint:" + day) < last
                || longOf("SELECT count(*) FROM event_index WHERE day_id = ?", day) < longOf("SELECT count(*) "
                + "FROM domainevententry WHERE convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = ?", day)) {
            assertThat(System.nanoTime()).as("a checkpoint of " + day + " covers position " + last
                    + " and the query side has indexed it (checkpoints every STANDSTILL_CHECKPOINT_INTERVAL)")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The stored events of the day's aggregates (its own, its reports', its checkpoints'). */
    private long storedEventsOf(String day) throws SQLException {
        return longOf("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN "
                + "(SELECT aggregate_id FROM event_index WHERE day_id = ?) OR aggregateidentifier = ?", day, "checkpoint:" + day);
    }

    private Row row(String aggregateId, long sequence) throws SQLException {
        return one("WHERE aggregateidentifier = ? AND sequencenumber = ?", aggregateId, sequence);
    }

    private Row rowAt(long position) throws SQLException {
        return one("WHERE globalindex = ?", position);
    }

    /** The newest checkpoint of the day that recorded a head of {@code aggregateId}. */
    private Row checkpointWithHead(String day, String aggregateId) throws SQLException {
        return one("WHERE aggregateidentifier = ? AND convert_from(payload, 'UTF8')::jsonb -> 'heads' @> "
                + "jsonb_build_array(jsonb_build_object('aggregateId', ?::text)) ORDER BY sequencenumber DESC LIMIT 1",
                "checkpoint:" + day, aggregateId);
    }

    /**
     * What the check must say of the heads of the day's checkpoints as they are stored now: every head whose event
     * is gone, or whose event's hash is not the recorded one, in checkpoint order and then as recorded.
     */
    private List<Problem> headProblems(String day) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        for (Row checkpoint : rows("WHERE aggregateidentifier = ? ORDER BY sequencenumber", "checkpoint:" + day)) {
            for (JsonNode head : Api.JSON.readTree(checkpoint.payload()).path("heads")) {
                String aggregateId = head.path("aggregateId").asString();
                long sequence = head.path("sequence").asLong();
                List<Row> event = rows("WHERE aggregateidentifier = ? AND sequencenumber = ?", aggregateId, sequence);
                String found = event.isEmpty() ? "absent" : event.get(0).hash();
                if (!head.path("hash").asString().equals(found)) {
                    problems.add(new Problem(event.isEmpty() ? null : event.get(0).eventId(), aggregateId, sequence,
                            "does not match the head recorded by the checkpoint at position " + checkpoint.position(),
                            head.path("hash").asString(), found));
                }
            }
        }
        return problems;
    }

    /** The problem text for the head (aggregate, sequence): it names the (last) checkpoint that recorded it. */
    private String problemOfHead(String day, String aggregateId, long sequence) throws SQLException {
        Row checkpoint = one("WHERE aggregateidentifier = ? AND convert_from(payload, 'UTF8')::jsonb -> 'heads' @> "
                        + "jsonb_build_array(jsonb_build_object('aggregateId', ?::text, 'sequence', ?::bigint)) "
                        + "ORDER BY sequencenumber DESC LIMIT 1", "checkpoint:" + day, aggregateId, sequence);
        return "does not match the head recorded by the checkpoint at position " + checkpoint.position();
    }

    /** The newest checkpoint of the day, read from its stored event. */
    private Checkpoint newestCheckpoint(String day) throws SQLException {
        Row newest = one("WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1", "checkpoint:" + day);
        JsonNode recorded = Api.JSON.readTree(newest.payload());
        return new Checkpoint(newest.position(), recorded.path("upToPosition").asLong(), recorded.path("heads").size(),
                recorded.path("digest").asString());
    }

    /** Copies the rows at these positions into a new table, to put them back later; answers its name. */
    private String save(List<Long> positions) throws SQLException {
        String table = "saved_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = connect(); PreparedStatement copy = db.prepareStatement(
                "CREATE TABLE " + table + " AS SELECT * FROM domainevententry WHERE globalindex = ANY (?)")) {
            copy.setArray(1, db.createArrayOf("bigint", positions.toArray()));
            assertThat(copy.executeUpdate()).isEqualTo(positions.size());
        }
        return table;
    }

    private String saveFirstEventsOf(List<String> aggregates) throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement select = db.prepareStatement(
                "SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ANY (?) AND sequencenumber = 0")) {
            select.setArray(1, db.createArrayOf("varchar", aggregates.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.add(rs.getLong(1));
                }
            }
        }
        return save(positions);
    }

    /** Puts the saved rows back as they were (same position, sequence, content), and drops the copy. */
    private void restore(String table) throws SQLException {
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            try (var statement = db.createStatement()) {
                statement.executeUpdate("DELETE FROM domainevententry WHERE globalindex IN (SELECT globalindex FROM "
                        + table + ")");
                statement.executeUpdate("INSERT INTO domainevententry SELECT * FROM " + table);
                statement.executeUpdate("DROP TABLE " + table);
            }
            db.commit();
        }
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection db = connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).as(sql).isEqualTo(1);
        }
    }

    private Row one(String where, Object... parameters) throws SQLException {
        List<Row> rows = rows(where, parameters);
        assertThat(rows).as("a stored event " + where + " " + List.of(parameters)).hasSize(1);
        return rows.get(0);
    }

    private List<Row> rows(String where, Object... parameters) throws SQLException {
        try (Connection db = connect(); PreparedStatement select = db.prepareStatement("""
                SELECT globalindex, aggregateidentifier, sequencenumber, eventidentifier, payloadtype, payloadrevision,
                       timestamp, payload, convert_from(metadata, 'UTF8')
                FROM domainevententry""" + " " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    JsonNode metadata = Api.JSON.readTree(rs.getString(9));
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getBytes(8), metadata.path(ChainHash.HASH).asString(),
                            metadata.path(ChainHash.PREVIOUS).asString()));
                }
            }
            return rows;
        }
    }

    private long longOf(String sql, Object... parameters) throws SQLException {
        try (Connection db = connect(); PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }
}
