package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The large day and the benchmarks run on it, on one fresh platform per size: {@code replay} (the live projection
 * catching up the day as a backlog, then a full rebuild), {@code pointintime} (live tally, tally at random (T, K),
 * timeline) and {@code freshness-large} (freshness at 50 % load on an empty day and on the large day).
 *
 * <p>The day happens now: it started 16 hours before the writing and ends 8 hours after, so that its live tally is a
 * live day's (the crowd's 60-minute window holds headcounts) and reports can still be sent to it. It is made in four
 * steps: real reports over HTTP (the templates the writer learns the event format from); query-service stopped; the
 * day's {@code events} written with JDBC COPY straight into the event store ({@link EventWriter}), recorded from the
 * day's start up to the moment the writing began; then, with query-service still stopped so that nothing else runs,
 * the baseline: every event read with JDBC and deserialised. query-service is then started again, and its live
 * tracking processor projects the whole day as a backlog: that is the catch-up figure.
 */
final class LargeDay {

    static final String DAY = "mayday-national";
    static final Set<String> BENCHMARKS = Set.of("replay", "pointintime", "freshness-large");

    final Instant startsAt;
    final Instant endsAt;
    /** The latest recordedAt written: the writing's start. T and K of the point-in-time queries fall before it. */
    final Instant writtenUntil;
    final long events;
    long eventsInStore;
    long lastPosition;
    /** Every figure of the making, for the results' JSON. */
    final Map<String, Object> made = new LinkedHashMap<>();
    Map<String, Object> baseline;
    double baselineRate;
    Map<String, Object> catchUp;
    double catchUpRate;

    LargeDay(Instant writtenUntil, long events) {
        this.writtenUntil = writtenUntil;
        this.startsAt = writtenUntil.minus(Duration.ofHours(16));
        this.endsAt = writtenUntil.plus(Duration.ofHours(8));
        this.events = events;
    }

    /** Makes the day of {@code o.dayEvents()} events on a fresh platform and runs the {@code names} on it. */
    static List<Result> run(Options o, Set<String> names, Benchmarks.Shared shared) throws Exception {
        List<Result> out = new ArrayList<>();
        try (Rig rig = Rig.start(System.out, o)) {
            LargeDay day = make(rig, o);
            if (names.contains("replay")) {
                out.add(finish(rig, day, ReplayBenchmark.run(rig, day)));
            }
            if (names.contains("pointintime")) {
                out.add(finish(rig, day, PointInTimeBenchmark.run(rig, o, day)));
            }
            if (names.contains("freshness-large")) {
                out.add(finish(rig, day, FreshnessBenchmark.onLargeDay(rig, o, day, shared)));
            }
        }
        return out;
    }

    private static Result finish(Rig rig, LargeDay day, Result result) {
        rig.requireAlive();
        result.sized(day.events);
        result.put("day", day.made);
        result.put("platform", rig.record());
        return result;
    }

    private static LargeDay make(Rig rig, Options o) throws Exception {
        LargeDay day = new LargeDay(Instant.now().truncatedTo(ChronoUnit.SECONDS), o.dayEvents());
        day.made.put("madeFrom", Instant.now().toString());
        Templates templates = templates(rig, day);
        long positionBefore = rig.livePosition(DAY);

        System.out.println("Stopping query-service, so that the day becomes a backlog for its live projection...");
        rig.platform.stopQueryService();
        long inserting = System.nanoTime();
        day.lastPosition = write(rig, day, templates, o.seed());
        double insertSeconds = (System.nanoTime() - inserting) / 1e9;
        long backlog;
        try (Connection connection = rig.jdbc(); Statement s = connection.createStatement()) {
            day.eventsInStore = count(s, "SELECT count(*) FROM domainevententry");
            backlog = between(connection, positionBefore, day.lastPosition);
        }
        day.made.put("eventsWritten", day.events);
        day.made.put("eventsInStore", day.eventsInStore);
        day.made.put("lastPosition", day.lastPosition);
        day.made.put("insertSeconds", Stats.round(insertSeconds));
        day.made.put("insertEventsPerSecond", Stats.round(day.events / insertSeconds));
        System.out.printf("Written in %.0f s (%,.0f events/s).%n", insertSeconds, day.events / insertSeconds);
        day.made.put("checkpointsAwaitedSeconds", Stats.round(awaitCheckpoints(rig, day.lastPosition)));

        System.out.printf("Baseline: reading and deserialising %,d events with JDBC (query-service stopped)...%n",
                day.eventsInStore);
        Map<String, Object> first = readAndDeserialise(rig);
        Map<String, Object> second = readAndDeserialise(rig);
        day.baseline = (double) second.get("eventsPerSecond") >= (double) first.get("eventsPerSecond") ? second : first;
        day.baseline.put("passesEventsPerSecond", List.of(first.get("eventsPerSecond"), second.get("eventsPerSecond")));
        day.baseline.put("method", day.baseline.get("method") + "; the faster of two passes (the first warms the JIT "
                + "and the caches, which makes the baseline higher and the ratios lower)");
        day.baselineRate = (double) day.baseline.get("eventsPerSecond");
        System.out.printf("  %,.0f and %,.0f events/s: the baseline is the faster%n", first.get("eventsPerSecond"),
                second.get("eventsPerSecond"));

        day.catchUp = catchUp(rig, day, positionBefore, backlog);
        day.catchUpRate = (double) day.catchUp.get("eventsPerSecond");
        day.catchUp.put("ratio", Stats.round3(day.catchUpRate / day.baselineRate));
        day.made.put("liveCatchUp", day.catchUp);
        day.made.put("baseline", day.baseline);
        day.made.put("madeUntil", Instant.now().toString());
        return day;
    }

    /** The command service's own rows that the writer learns the format from: reports posted over HTTP. */
    record Templates(List<UUID> reports, Map<UUID, String> subjectIds) {
    }

    /** Plans the day and posts the template reports; answers them once the live tally holds them. */
    static Templates templates(Rig rig, LargeDay day) throws InterruptedException {
        rig.plan(DAY, "May Day (national, benchmark)", day.startsAt, day.endsAt);
        day.made.put("dayId", DAY);
        day.made.put("startsAt", day.startsAt.toString());
        day.made.put("endsAt", day.endsAt.toString());
        day.made.put("recordedUntil", day.writtenUntil.toString());
        List<UUID> templates = new ArrayList<>();
        Map<UUID, String> subjects = new HashMap<>();
        long templatesPosition = postTemplates(rig, day, templates, subjects);
        if (rig.awaitProjected(DAY, templatesPosition, Duration.ofMinutes(2)) == null) {
            throw new IllegalStateException("the template reports did not reach the live tally in 2 minutes");
        }
        return new Templates(templates, subjects);
    }

    /**
     * Writes the day's events straight into the event store, once the writer is checked against the templates (it
     * throws if its rows would differ from the command service's); answers the last position written.
     */
    static long write(Rig rig, LargeDay day, Templates templates, long seed) throws Exception {
        EventWriter writer = new EventWriter(DAY, day.startsAt, day.writtenUntil, seed);
        try (Connection connection = rig.jdbc()) {
            EventWriter.Format format = writer.learn(connection, templates.reports(), templates.subjectIds());
            day.made.put("formatChecks", format.checks());
            rig.out.printf("Writing %,d events into the event store (checked against the command service's own "
                    + "rows: %s)...%n", day.events, String.join("; ", format.checks()));
            long step = Math.max(5000, day.events / 10 / 5000 * 5000);
            return writer.write(connection, day.events, n -> {
                if (n % step == 0 || n == day.events) {
                    rig.out.printf("  %,d events written%n", n);
                }
            });
        }
    }

    /** One report of each kind over HTTP, each corrected and verified, one retracted; answers the last position. */
    private static long postTemplates(Rig rig, LargeDay day, List<UUID> templates, Map<UUID, String> subjects) {
        return postTemplates(rig, DAY, day.startsAt.plus(Duration.ofHours(3)), templates, subjects);
    }

    /** The template reports of {@code dayId}, observed at {@code observed}; answers the last position. */
    static long postTemplates(Rig rig, String dayId, Instant observed, List<UUID> templates, Map<UUID, String> subjects) {
        String c = rig.coordinator;
        String reports = "/api/days/" + dayId + "/reports";
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
        long position = 0;
        for (int i = 0; i < bodies.size(); i++) {
            UUID id = UUID.randomUUID();
            Map<String, Object> body = new LinkedHashMap<>(bodies.get(i));
            body.put("reportId", id.toString());
            body.put("observedAt", observed.toString());
            Api.Answer answer = expect(rig.command.post(reports, c, body), 201);
            subjects.put(id, answer.body().path("subjectId").asString());
            templates.add(id);
            position = Math.max(position, expect(rig.command.post(reports + "/" + id + "/corrections", c,
                    corrections.get(i)), 201).body().path("position").asLong());
            position = Math.max(position, expect(rig.command.post(reports + "/" + id + "/verdict", c,
                    Map.of("verdict", "VERIFIED")), 200).body().path("position").asLong());
        }
        return Math.max(position, expect(rig.command.post(reports + "/" + templates.get(0) + "/retraction", c, ""), 200)
                .body().path("position").asLong());
    }

    /**
     * Starts query-service again and times its live projection over the backlog. Two figures: the events it projected
     * between its first answer (position p0) and reaching the day's last event, over that time (the measured window);
     * and the whole backlog over the time from its process start (a lower bound: it includes the service's start-up).
     * The first is the figure when the window holds most of the backlog, else the second.
     */
    private static Map<String, Object> catchUp(Rig rig, LargeDay day, long positionBefore, long backlog) throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        System.out.printf("Starting query-service: its live projection catches up %,d events...%n", backlog);
        Statements statements = Statements.reset(rig.platform);
        Sampler sampler = rig.sampler();
        long processStarted = rig.platform.startQueryService();
        long healthy = System.nanoTime();
        long firstAnswered = -1;
        long firstPosition = -1;
        long lastPrint = System.nanoTime();
        Duration timeout = Duration.ofMinutes(90).plusSeconds(day.events / 1000);
        long caughtUp;
        while (true) {
            long position = rig.livePosition(DAY);
            long now = System.nanoTime();
            if (firstAnswered < 0 && position >= 0) {
                firstAnswered = now;
                firstPosition = position;
            }
            if (position >= day.lastPosition) {
                caughtUp = now;
                break;
            }
            if (now - processStarted > timeout.toNanos()) {
                throw new IllegalStateException("the live projection did not reach position " + day.lastPosition
                        + " in " + timeout.toMinutes() + " min (at " + position + ")");
            }
            if (now - lastPrint > 30e9) {
                lastPrint = now;
                System.out.printf("  live projection at position %,d of %,d%n", position, day.lastPosition);
            }
            Thread.sleep(250);
        }
        Map<String, Object> cpu = sampler.cpuCores();
        Map<String, Object> memory = sampler.memory();
        sampler.close();
        c.put("serviceSeconds", Metrics.scrape(rig.platform.queryUrl()).projectionBreakdown(Metrics.none(), "live"));
        long window;
        try (Connection connection = rig.jdbc()) {
            window = between(connection, firstPosition, day.lastPosition);
        }
        double fromStart = (caughtUp - processStarted) / 1e9;
        double windowSeconds = (caughtUp - firstAnswered) / 1e9;
        double measured = window > 0 && windowSeconds > 0 ? window / windowSeconds : Double.NaN;
        boolean windowHoldsMost = window * 2 > backlog && !Double.isNaN(measured);
        double rate = windowHoldsMost ? measured : backlog / fromStart;
        c.put("backlogEvents", backlog);
        c.put("positionBefore", positionBefore);
        c.put("serviceStartSeconds", Stats.round((healthy - processStarted) / 1e9));
        c.put("firstAnswerPosition", firstPosition);
        c.put("windowEvents", window);
        c.put("windowSeconds", Stats.round(windowSeconds));
        c.put("eventsPerSecondMeasuredWindow", Stats.round(measured));
        c.put("processStartToCaughtUpSeconds", Stats.round(fromStart));
        c.put("eventsPerSecondFromProcessStart", Stats.round(backlog / fromStart));
        c.put("basis", windowHoldsMost ? "measured window (first answer -> caught up)"
                : "from process start (lower bound: includes start-up; the window held too little of the backlog)");
        c.put("eventsPerSecond", Stats.round(rate));
        c.put("cpuCores", cpu);
        c.put("memory", memory);
        c.put("postgresStatements", statements.top(IngestBenchmark.TOP_STATEMENTS));
        System.out.printf("Caught up %.1f s after the process start (%,.0f events/s by the %s).%n", fromStart, rate,
                c.get("basis"));
        return c;
    }

    /**
     * Waits until command-service's integrity checkpoints cover the written day (they are recorded once a minute, in
     * chunks over a large log): neither the baseline nor the catch-up shares the machine with them, as no day of
     * reports arriving over minutes would make them. Answers the seconds waited.
     */
    static double awaitCheckpoints(Rig rig, long lastPosition) throws Exception {
        System.out.println("Waiting for command-service's integrity checkpoints to cover the day...");
        long started = System.nanoTime();
        try (Connection connection = rig.jdbc();
             PreparedStatement s = connection.prepareStatement("SELECT up_to FROM checkpoint_state")) {
            while (true) {
                long upTo;
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    upTo = rs.getLong(1);
                }
                if (upTo >= lastPosition) {
                    return (System.nanoTime() - started) / 1e9;
                }
                if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                    throw new IllegalStateException("integrity checkpoints reached only position " + upTo + " of "
                            + lastPosition + " in 30 min");
                }
                Thread.sleep(1000);
            }
        }
    }

    /** The number of events in the store with a global index in (after, upTo]. */
    private static long between(Connection connection, long after, long upTo) throws Exception {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM domainevententry WHERE globalindex > ? AND globalindex <= ?")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
                        Class<?> type = classes.computeIfAbsent(rs.getString(9), LargeDay::load);
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
                + "and metadata to a map with Jackson; timestamp parsed; query-service stopped meanwhile");
        baseline.put("events", events);
        baseline.put("seconds", Stats.round(seconds));
        baseline.put("eventsPerSecond", Stats.round(events / seconds));
        baseline.put("megabytes", Stats.round(bytes / 1048576.0));
        baseline.put("deserialisedAsTreesOnly", asTrees);
        baseline.put("loadAverage", Machine.loadAverage());
        return baseline;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static Api.Answer expect(Api.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + " " + answer.raw());
        }
        return answer;
    }
}
