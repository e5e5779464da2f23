package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Replay and point in time, on one large day.
 *
 * <p>Replay: a day of {@code events} events (1,000,000 by default) is written straight into the event store in the
 * command service's format ({@link EventWriter}), the live query side projects it, then a full projection rebuild
 * ({@code POST /api/projections/rebuild}, polled until DONE) is timed: events a second, against the baseline of reading
 * and deserialising the same events into the api's event classes with a plain JDBC loop.
 *
 * <p>Point in time: {@code GET /api/days/{dayId}/tally?at=T&knownAt=K} at random (T, K) in that day, one after the
 * other; against the baseline of the query the service runs first (every report as known at K) issued with JDBC, and
 * the live tally.
 */
final class ReplayBenchmark {

    static final String DAY = "mayday-2026-05-01";
    static final Instant STARTS = Instant.parse("2026-05-01T11:00:00Z"); // 06:00 in Minneapolis (CDT)
    static final Instant ENDS = Instant.parse("2026-05-02T03:00:00Z");

    private ReplayBenchmark() {
    }

    static List<Result> run(Options o, Path results, boolean replay, boolean pointInTime) throws Exception {
        List<Result> out = new ArrayList<>();
        Result result = new Result("replay", "Replay: full projection rebuild vs JDBC read + deserialise");
        try (Rig rig = Rig.start(System.out, List.of())) {
            rig.plan(DAY, "May Day 2026 (national, benchmark)", STARTS, ENDS);
            Map<String, Object> made = makeDay(rig, o, result);
            if (replay) {
                rebuild(rig, o, result, made);
                out.add(result);
            }
            if (pointInTime) {
                out.add(pointInTime(rig, o, made));
            }
        }
        return out;
    }

    /** Templates over HTTP, then the rest of the day with JDBC, then waits for the live projection. */
    private static Map<String, Object> makeDay(Rig rig, Options o, Result result) throws Exception {
        Map<String, Object> made = new LinkedHashMap<>();
        List<UUID> templates = new ArrayList<>();
        Map<UUID, String> subjects = new HashMap<>();
        String c = rig.coordinator;
        String reports = "/api/days/" + DAY + "/reports";
        Instant observed = STARTS.plus(Duration.ofHours(3));
        Map<String, Object> location = Map.of("lat", 44.9483, "lon", -93.26);
        List<Map<String, Object>> bodies = List.of(
                Map.of("kind", "CLOSURE", "business", Map.of("name", "Mercado Central", "location", location, "sector", "RETAIL"),
                        "status", "CLOSED", "reason", "WORKER_ACTION"),
                Map.of("kind", "WALKOUT", "workplace", Map.of("name", "Hennepin Healthcare", "location", location,
                        "sector", "HEALTHCARE"), "type", "SICKOUT", "participants", 40, "workforce", 120),
                Map.of("kind", "HEADCOUNT", "rally", Map.of("name", "May Day march", "location", location),
                        "headcount", 20000, "method", "DENSITY_ESTIMATE"));
        List<Map<String, Object>> corrections = List.of(Map.of("status", "PARTIAL"),
                Map.of("type", "WALKOUT", "participants", 60, "workforce", 120), Map.of("headcount", 25000, "method", "AERIAL"));
        for (int i = 0; i < bodies.size(); i++) {
            UUID id = UUID.randomUUID();
            Map<String, Object> body = new LinkedHashMap<>(bodies.get(i));
            body.put("reportId", id.toString());
            body.put("observedAt", observed.toString());
            Api.Answer answer = rig.command.post(reports, c, body);
            expect(answer, 201);
            subjects.put(id, answer.body().path("subjectId").asString());
            templates.add(id);
            expect(rig.command.post(reports + "/" + id + "/corrections", c, corrections.get(i)), 201);
            expect(rig.command.post(reports + "/" + id + "/verdict", c, Map.of("verdict", "VERIFIED")), 200);
        }
        expect(rig.command.post(reports + "/" + templates.get(0) + "/retraction", c, ""), 200);

        EventWriter writer = new EventWriter(DAY, STARTS, ENDS, o.seed());
        long lastPosition;
        long inserting = System.nanoTime();
        double insertSeconds;
        try (Connection connection = rig.jdbc()) {
            EventWriter.Format format = writer.learn(connection, templates, subjects);
            made.put("formatChecks", format.checks());
            System.out.printf("Writing %,d events into the event store (checked against the command service's own "
                    + "rows: %s)...%n", o.events(), String.join("; ", format.checks()));
            long step = Math.max(5000, o.events() / 10 / 5000 * 5000);
            lastPosition = writer.write(connection, o.events(), n -> {
                if (n % step == 0 || n == o.events()) {
                    System.out.printf("  %,d events written, live projection at %,d%n", n, rig.livePosition(DAY));
                }
            });
            insertSeconds = (System.nanoTime() - inserting) / 1e9;
        }
        System.out.println("Waiting for the live projection to catch up...");
        Duration caughtUp = rig.awaitProjected(DAY, lastPosition, Duration.ofMinutes(90));
        if (caughtUp == null) {
            throw new IllegalStateException("the live projection did not reach position " + lastPosition + " in 90 min");
        }
        double projectSeconds = (System.nanoTime() - inserting) / 1e9;
        long total;
        try (Connection connection = rig.jdbc(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            total = rs.getLong(1);
        }
        made.put("eventsWritten", o.events());
        made.put("eventsInStore", total);
        made.put("lastPosition", lastPosition);
        made.put("insertSeconds", Stats.round(insertSeconds));
        made.put("insertEventsPerSecond", Stats.round(o.events() / insertSeconds));
        made.put("liveProjectionSeconds", Stats.round(projectSeconds));
        made.put("liveProjectionEventsPerSecond", Stats.round(o.events() / projectSeconds));
        System.out.printf("Written in %.0f s; the live projection caught up %.0f s after the first row.%n", insertSeconds,
                projectSeconds);
        return made;
    }

    private static void rebuild(Rig rig, Options o, Result result, Map<String, Object> made) throws Exception {
        long total = (long) made.get("eventsInStore");
        System.out.printf("Baseline: reading and deserialising %,d events with JDBC...%n", total);
        Map<String, Object> baseline = readAndDeserialise(rig);
        double baselineRate = (double) baseline.get("eventsPerSecond");

        System.out.println("Rebuilding every projection (POST /api/projections/rebuild)...");
        Sampler sampler = rig.sampler();
        long started = System.nanoTime();
        Api.Answer accepted = rig.query.post("/api/projections/rebuild", rig.platform.adminToken(), "");
        expect(accepted, 202);
        String job = accepted.body().path("jobId").asString();
        JsonNode status;
        long lastPrint = 0;
        while (true) {
            status = rig.query.get("/api/projections/rebuild/" + job, rig.platform.adminToken()).body();
            String state = status.path("state").asString();
            if (!state.equals("RUNNING")) {
                break;
            }
            if (System.nanoTime() - lastPrint > 30e9) {
                lastPrint = System.nanoTime();
                System.out.printf("  rebuild: %,d of %,d events, %.0f/s%n", status.path("processed").asLong(),
                        status.path("total").asLong(), status.path("eventsPerSecond").asDouble());
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> cpu = sampler.cpuCores();
        Map<String, Object> memory = sampler.memory();
        sampler.close();
        if (!status.path("state").asString().equals("DONE")) {
            throw new IllegalStateException("the rebuild failed: " + status);
        }
        long processed = status.path("processed").asLong();
        double rate = processed / seconds;
        result.row("rebuild events/s (POST .. GET until DONE)", Result.f0(rate), Result.f0(baselineRate)
                + " read+deserialise/s", Result.ratio(rate / baselineRate));
        result.row("rebuild wall time s", Result.f1(seconds), Result.f1(total / baselineRate), "");
        result.row("events rebuilt / in the store", String.format("%,d / %,d", processed, total), "", "");
        result.row("digests equal (rebuilt = live)", status.path("digestsEqual").asString(), "", "");
        result.row("live projection while writing, events/s", Result.f0((double) made.get("liveProjectionEventsPerSecond")),
                "", "");
        result.row("JDBC COPY of the day, events/s", Result.f0((double) made.get("insertEventsPerSecond")), "", "");
        memory.forEach((service, m) -> {
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            result.row(service + " peak heap / VmHWM MB", mm.get("peakHeapMB") + " / " + mm.get("vmHwmMB"), "", "");
        });
        result.note("CPU cores used during the rebuild: " + Sampler.line(cpu));
        result.note("the day: " + String.format("%,d", (long) made.get("eventsWritten")) + " events written with JDBC COPY "
                + "in the command service's format (" + made.get("formatChecks") + "), plus 13 template events over HTTP");
        result.note("service-reported rate at the end: " + status.path("eventsPerSecond").asDouble() + " events/s");
        result.put("events", made);
        result.put("rebuild", Map.of("jobId", job, "seconds", Stats.round(seconds), "processed", processed,
                "eventsPerSecond", Stats.round(rate), "digestsEqual", status.path("digestsEqual").asBoolean(),
                "serviceEventsPerSecond", status.path("eventsPerSecond").asDouble()));
        result.put("baseline", baseline);
        result.put("ratio", Math.round(rate / baselineRate * 1000) / 1000.0);
        result.put("cpuCores", cpu);
        result.put("memory", memory);
    }

    /** The baseline: every event read with JDBC (fetch size 1,000) and its payload and metadata deserialised. */
    private static Map<String, Object> readAndDeserialise(Rig rig) throws Exception {
        Map<String, Class<?>> classes = new HashMap<>();
        long events = 0;
        long asTrees = 0;
        long bytes = 0;
        long started = System.nanoTime();
        try (Connection connection = rig.jdbc()) {
            connection.setAutoCommit(false);
            try (PreparedStatement read = connection.prepareStatement("""
                    SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                           payloadrevision, payloadtype, timestamp FROM domainevententry ORDER BY globalindex""")) {
                read.setFetchSize(1000);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        byte[] payload = rs.getBytes(7);
                        byte[] metadata = rs.getBytes(6);
                        bytes += payload.length + metadata.length;
                        Class<?> type = classes.computeIfAbsent(rs.getString(9), ReplayBenchmark::load);
                        Object event = type == null ? Api.JSON.readTree(payload) : Api.JSON.readValue(payload, type);
                        if (type == null) {
                            asTrees++;
                        }
                        Map<?, ?> meta = Api.JSON.readValue(metadata, Map.class);
                        Instant.parse(rs.getString(10));
                        if (event == null || meta == null) {
                            throw new IllegalStateException("nothing read");
                        }
                        events++;
                    }
                }
            }
            connection.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("method", "one JDBC query ordered by global index, fetch size 1,000; payload to its api event class "
                + "and metadata to a map with Jackson; timestamp parsed");
        baseline.put("events", events);
        baseline.put("seconds", Stats.round(seconds));
        baseline.put("eventsPerSecond", Stats.round(events / seconds));
        baseline.put("megabytes", Stats.round(bytes / 1048576.0));
        baseline.put("deserialisedAsTreesOnly", asTrees);
        return baseline;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Result pointInTime(Rig rig, Options o, Map<String, Object> made) throws Exception {
        Result result = new Result("pointintime", "Point in time: tally at random (T, K) on the large day");
        Random random = new Random(o.seed());
        List<Double> latencies = new ArrayList<>();
        List<Double> sql = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        long span = ENDS.toEpochMilli() - STARTS.toEpochMilli();
        long budget = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        System.out.printf("Point in time: up to %d tallies at random (T, K)...%n", o.pointQueries());
        Sampler sampler = rig.sampler();
        long reports = 0;
        Connection connection = rig.jdbc();
        connection.setAutoCommit(false);
        for (int i = 0; i < o.pointQueries() && System.nanoTime() < budget; i++) {
            Instant at = STARTS.plusMillis((long) (random.nextDouble() * span));
            Instant knownAt = STARTS.plusMillis((long) (random.nextDouble() * span));
            long sent = System.nanoTime();
            Api.Answer answer = rig.query.get("/api/days/" + DAY + "/tally?at=" + at + "&knownAt=" + knownAt, rig.coordinator);
            latencies.add((System.nanoTime() - sent) / 1e6);
            expect(answer, 200);
            reports = Math.max(reports, answer.body().path("reports").path("total").asLong());
            sql.add(knownAtQuery(connection, knownAt));
            if (i % 4 == 0) {
                long l = System.nanoTime();
                expect(rig.query.get("/api/days/" + DAY + "/tally", rig.coordinator), 200);
                live.add((System.nanoTime() - l) / 1e6);
            }
        }
        connection.close();
        Map<String, Object> cpu = sampler.cpuCores();
        Map<String, Object> memory = sampler.memory();
        sampler.close();
        Stats pit = Stats.of(latencies);
        Stats base = Stats.of(sql);
        Stats now = Stats.of(live);
        result.row("GET tally?at=T&knownAt=K p50 ms", Stats.ms(pit.p50()), Stats.ms(base.p50()) + " (JDBC: reports known at K)",
                Result.ratio(pit.p50() / base.p50()));
        result.row("GET tally?at=T&knownAt=K p99 ms", Stats.ms(pit.p99()), Stats.ms(base.p99()),
                Result.ratio(pit.p99() / base.p99()));
        result.row("queries", Long.toString(pit.count()), Long.toString(base.count()), "");
        result.row("live tally (T = K = now) p50 / p99 ms", Stats.ms(now.p50()) + " / " + Stats.ms(now.p99()), "", "");
        @SuppressWarnings("unchecked") Map<String, Object> q = (Map<String, Object>) memory.get("query-service");
        result.row("query-service peak heap / VmHWM MB", q.get("peakHeapMB") + " / " + q.get("vmHwmMB"), "", "");
        result.note("the day: " + String.format("%,d", (long) made.get("eventsInStore")) + " events, up to "
                + String.format("%,d", reports) + " reports known at K; T and K uniform over the day, independently; "
                + "queries one at a time");
        result.note("baseline: the service's first query for a (T, K) view — SELECT DISTINCT ON (report_id) ... FROM "
                + "report_version WHERE day_id = ? AND recorded_at <= K — run with JDBC on one open connection, rows fetched, nothing computed");
        result.note("CPU cores used: " + Sampler.line(cpu));
        result.put("latencyMs", pit.toMap());
        result.put("baselineJdbcKnownAtMs", base.toMap());
        result.put("liveTallyMs", now.toMap());
        result.put("ratioP50", Math.round(pit.p50() / base.p50() * 100) / 100.0);
        result.put("day", made);
        result.put("cpuCores", cpu);
        result.put("memory", memory);
        return result;
    }

    /** The report-loading query of a (T, K) view, with JDBC: milliseconds to fetch every row. */
    private static double knownAtQuery(Connection connection, Instant knownAt) throws Exception {
        long started = System.nanoTime();
        {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT DISTINCT ON (report_id) report_id, kind, subject_id, reporter_id, submitted_at, observed_at,
                           status, type, participants, headcount, verdict, retracted
                    FROM report_version WHERE day_id = ? AND recorded_at <= ? ORDER BY report_id, position DESC""")) {
                query.setFetchSize(5000);
                query.setString(1, DAY);
                query.setTimestamp(2, Timestamp.from(knownAt));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            connection.commit();
        }
        return (System.nanoTime() - started) / 1e6;
    }

    static void expect(Api.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + " " + answer.raw());
        }
    }
}
