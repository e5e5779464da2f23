package org.standstill.bench.benchmarks;

import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reading the large day ({@link LargeDay}) over the public HTTP contract, one request at a time, each timed from
 * sending to the last byte received:
 * <ul>
 *   <li>the live tally, {@code GET /api/days/{dayId}/tally} with no {@code at} or {@code knownAt} (T = K = now);</li>
 *   <li>the tally at random (T, K), {@code ?at=T&knownAt=K}, T and K uniform and independent over the part of the day
 *   that holds events;</li>
 *   <li>the timeline of the whole day, {@code GET /api/days/{dayId}/timeline?bucket=PT15M}: the day started more than
 *   16 hours ago, so at least 64 buckets (the answer's count is recorded).</li>
 * </ul>
 * Each kind starts with a few unmeasured warm-up calls; each has a time budget, and the result says how many calls
 * were measured. The baseline of the (T, K) tally is the query the service before issue 12 ran first for such a view
 * (every report as known at K from its {@code report_version} table), issued with JDBC; it is reported only while
 * that table exists.
 */
final class PointInTimeBenchmark {

    static final int WARM_UP = 5;
    static final String BUCKET = "PT15M";
    private static final Duration LIVE_BUDGET = Duration.ofMinutes(3);
    private static final Duration RANDOM_BUDGET = Duration.ofMinutes(5);
    private static final Duration TIMELINE_BUDGET = Duration.ofMinutes(4);

    private PointInTimeBenchmark() {
    }

    static Result run(Rig rig, Options o, LargeDay day) throws Exception {
        Result result = new Result("pointintime", "Point in time: live tally, tally at random (T, K), timeline");
        Timed http = new Timed(rig.platform.queryUrl(), rig.coordinator);
        String tally = "/api/days/" + LargeDay.DAY + "/tally";
        String timeline = "/api/days/" + LargeDay.DAY + "/timeline?bucket=" + BUCKET;
        Sampler sampler = rig.sampler();

        System.out.printf("Point in time: live tally, up to %d calls...%n", o.liveQueries());
        for (int i = 0; i < WARM_UP; i++) {
            http.ok(tally);
        }
        List<Double> live = new ArrayList<>();
        long livePosition = -1;
        long deadline = System.nanoTime() + LIVE_BUDGET.toNanos();
        for (int i = 0; i < o.liveQueries() && System.nanoTime() < deadline; i++) {
            Timed.Answer answer = http.ok(tally);
            live.add(answer.millis());
            if (i == 0) {
                livePosition = answer.json().path("position").asLong(-1);
            }
        }

        System.out.printf("Point in time: up to %d tallies at random (T, K)...%n", o.pointQueries());
        Random random = new Random(o.seed());
        long span = day.writtenUntil.toEpochMilli() - day.startsAt.toEpochMilli();
        for (int i = 0; i < WARM_UP; i++) {
            http.ok(tally + "?at=" + day.startsAt.plusMillis((long) (random.nextDouble() * span))
                    + "&knownAt=" + day.startsAt.plusMillis((long) (random.nextDouble() * span)));
        }
        List<Double> pit = new ArrayList<>();
        List<Double> sql = new ArrayList<>();
        String baselineMissing = null;
        long reportsKnown = 0;
        deadline = System.nanoTime() + RANDOM_BUDGET.toNanos();
        try (Connection connection = rig.jdbc()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < o.pointQueries() && System.nanoTime() < deadline; i++) {
                Instant at = day.startsAt.plusMillis((long) (random.nextDouble() * span));
                Instant knownAt = day.startsAt.plusMillis((long) (random.nextDouble() * span));
                Timed.Answer answer = http.ok(tally + "?at=" + at + "&knownAt=" + knownAt);
                pit.add(answer.millis());
                reportsKnown = Math.max(reportsKnown, answer.json().path("reports").path("total").asLong());
                if (baselineMissing == null) {
                    try {
                        sql.add(knownAtQuery(connection, knownAt));
                    } catch (SQLException e) {
                        connection.rollback();
                        baselineMissing = e.getMessage().lines().findFirst().orElse("");
                    }
                }
            }
        }

        System.out.printf("Point in time: timeline of the whole day (bucket %s), up to %d calls...%n", BUCKET,
                o.timelineQueries());
        int buckets = buckets(http.ok(timeline).json());
        List<Double> timelines = new ArrayList<>();
        deadline = System.nanoTime() + TIMELINE_BUDGET.toNanos();
        for (int i = 0; i < o.timelineQueries() && System.nanoTime() < deadline; i++) {
            timelines.add(http.ok(timeline).millis());
        }
        Map<String, Object> cpu = sampler.cpuCores();
        Map<String, Object> memory = sampler.memory();
        sampler.close();

        Stats now = Stats.of(live);
        Stats atTk = Stats.of(pit);
        Stats base = Stats.of(sql);
        Stats line = Stats.of(timelines);
        result.row("live tally (T = K = now) p50 / p99 ms", Stats.ms(now.p50()) + " / " + Stats.ms(now.p99()), "", "");
        result.row("  calls", Long.toString(now.count()), "", "");
        result.row("tally at random (T, K) p50 ms", Stats.ms(atTk.p50()),
                baselineMissing == null ? Stats.ms(base.p50()) + " (JDBC: reports known at K)" : "n/a",
                baselineMissing == null ? Result.ratio(atTk.p50() / base.p50()) : "");
        result.row("tally at random (T, K) p99 ms", Stats.ms(atTk.p99()),
                baselineMissing == null ? Stats.ms(base.p99()) : "n/a",
                baselineMissing == null ? Result.ratio(atTk.p99() / base.p99()) : "");
        result.row("  calls", Long.toString(atTk.count()), Long.toString(base.count()), "");
        result.row("timeline of the whole day (" + buckets + " buckets of " + BUCKET + ") p50 / p99 ms",
                Stats.ms(line.p50()) + " / " + Stats.ms(line.p99()), "", "");
        result.row("  calls", Long.toString(line.count()), "", "");
        memory.forEach((service, m) -> {
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            result.row(service + " peak heap / limit / VmHWM MB", mm.get("peakHeapMB") + " / " + mm.get("maxHeapMB")
                    + " / " + mm.get("vmHwmMB"), "", "");
        });
        result.note(String.format("the day: %,d events, up to %,d reports known at K; T and K uniform over %s .. %s, "
                        + "independently; one call at a time, each after %d unmeasured warm-up calls of its kind; "
                        + "time budgets %d / %d / %d min (live / random / timeline)", day.eventsInStore, reportsKnown,
                day.startsAt, day.writtenUntil, WARM_UP, LIVE_BUDGET.toMinutes(), RANDOM_BUDGET.toMinutes(),
                TIMELINE_BUDGET.toMinutes()));
        result.note("latency: request sent -> last byte of the answer received (java.net.http, HTTP/1.1, one "
                + "connection), before the benchmark parses anything");
        result.note(baselineMissing == null
                ? "baseline: the old query side's first query for a (T, K) view - SELECT DISTINCT ON (report_id) ... "
                + "FROM report_version WHERE day_id = ? AND recorded_at <= K - run with JDBC on one open connection, "
                + "rows fetched, nothing computed"
                : "baseline not measured: the old query side's report_version query failed (" + baselineMissing + ")");
        result.note("CPU cores used: " + Sampler.line(cpu));

        result.put("liveTallyMs", now.toMap());
        result.put("livePosition", livePosition);
        result.put("latencyMs", atTk.toMap());
        result.put("baselineJdbcKnownAtMs", baselineMissing == null ? base.toMap() : null);
        result.put("baselineMissing", baselineMissing);
        result.put("ratioP50", baselineMissing == null ? Stats.round(atTk.p50() / base.p50()) : null);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("bucket", BUCKET);
        t.put("buckets", buckets);
        t.put("latencyMs", line.toMap());
        result.put("timeline", t);
        result.put("warmUpCallsEach", WARM_UP);
        result.put("cpuCores", cpu);
        result.put("memory", memory);
        return result;
    }

    /** The number of points in a timeline answer: its {@code points} array, else its first array. */
    static int buckets(JsonNode timeline) {
        if (timeline.path("points").isArray()) {
            return timeline.path("points").size();
        }
        for (Map.Entry<String, JsonNode> field : timeline.properties()) {
            if (field.getValue().isArray()) {
                return field.getValue().size();
            }
        }
        return -1;
    }

    /** The old query side's report-loading query of a (T, K) view, with JDBC: milliseconds to fetch every row. */
    private static double knownAtQuery(Connection connection, Instant knownAt) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT DISTINCT ON (report_id) report_id, kind, subject_id, reporter_id, submitted_at, observed_at,
                       status, type, participants, headcount, verdict, retracted
                FROM report_version WHERE day_id = ? AND recorded_at <= ? ORDER BY report_id, position DESC""")) {
            query.setFetchSize(5000);
            query.setString(1, LargeDay.DAY);
            query.setTimestamp(2, Timestamp.from(knownAt));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
        connection.commit();
        return (System.nanoTime() - started) / 1e6;
    }
}
