package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import org.standstill.bench.simulator.National;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A campaign of {@code --cities} cities' days (30 by default) holding {@code --events} events in all, written
 * straight into the event store as the large day's are ({@link EventWriter}, checked against the command service's
 * own rows in each city), then projected by query-service as a backlog. On it, over the public contract: the live campaign tally, the
 * campaign tally at random (T, K), the campaign's timeline, and freshness — from a report's 2xx answer in any member
 * city to the first campaign push that holds it — at 50 % of the ingest capacity spread over three cities.
 */
final class CampaignBenchmark {

    static final int FRESH_CITIES = 3;
    static final String BUCKET = "PT15M";

    private CampaignBenchmark() {
    }

    static Result run(Options o, Benchmarks.Shared shared) throws Exception {
        int cities = o.cities();
        National.cities(cities); // refuses a count out of range
        Result result = new Result("campaign", "Campaign: " + cities + " cities, live and at (T, K), and freshness");
        result.header("figure", "value");
        try (Rig rig = Rig.start(System.out, o)) {
            Instant writtenUntil = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant startsAt = writtenUntil.minus(Duration.ofHours(16));
            Instant endsAt = writtenUntil.plus(Duration.ofHours(8));
            String campaign = "mayday-bench";
            expect(rig.command.post("/api/campaigns", rig.coordinator, Map.of("id", campaign, "name", "May Day (benchmark)")), 201);
            List<National.Metro> metros = National.cities(cities);
            List<String> days = new ArrayList<>();
            Map<String, EventWriter> writers = new LinkedHashMap<>();
            long last = 0;
            for (National.Metro metro : metros) {
                String day = "bench-" + National.slug(metro.name());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", day);
                body.put("name", "May Day in " + metro.name());
                body.put("city", metro.name());
                body.put("timeZone", metro.timeZone());
                body.put("startsAt", startsAt.toString());
                body.put("endsAt", endsAt.toString());
                body.put("location", Map.of("lat", metro.lat(), "lon", metro.lon()));
                body.put("campaignId", campaign);
                expect(rig.command.post("/api/days", rig.coordinator, body), 201);
                expect(rig.command.post("/api/days/" + day + "/opening", rig.coordinator, ""), 200);
                List<UUID> templates = new ArrayList<>();
                Map<UUID, String> subjects = new HashMap<>();
                last = Math.max(last, LargeDay.postTemplates(rig, day, startsAt.plus(Duration.ofHours(3)), templates, subjects));
                EventWriter writer = new EventWriter(day, startsAt, writtenUntil, o.seed() + days.size());
                try (Connection connection = rig.jdbc()) {
                    writer.learn(connection, templates, subjects);
                }
                writers.put(day, writer);
                days.add(day);
            }
            // The days joined the campaign now: as known at an earlier K, none is a member yet.
            Instant membersKnown = Instant.now().plusSeconds(1);
            if (rig.awaitProjected(days.get(days.size() - 1), last, Duration.ofMinutes(2)) == null) {
                throw new IllegalStateException("the template reports did not reach the live tally in 2 minutes");
            }

            System.out.println("Stopping query-service, so that the campaign becomes a backlog for its projection...");
            rig.platform.stopQueryService();
            long perCity = Math.max(1, o.dayEvents() / cities);
            long writing = System.nanoTime();
            Map<String, Long> lastOf = new LinkedHashMap<>();
            try (Connection connection = rig.jdbc()) {
                for (Map.Entry<String, EventWriter> w : writers.entrySet()) {
                    lastOf.put(w.getKey(), w.getValue().write(connection, perCity, n -> { }));
                }
            }
            double writeSeconds = (System.nanoTime() - writing) / 1e9;
            long lastPosition = lastOf.values().stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("Written %,d events into %d cities in %.0f s.%n", perCity * cities, cities, writeSeconds);
            double checkpoints = LargeDay.awaitCheckpoints(rig, lastPosition);
            long restarted = System.nanoTime();
            rig.platform.startQueryService();
            for (Map.Entry<String, Long> day : lastOf.entrySet()) {
                if (rig.awaitProjected(day.getKey(), day.getValue(), Duration.ofMinutes(90)) == null) {
                    throw new IllegalStateException("the live projection did not reach " + day);
                }
            }
            double catchUpSeconds = (System.nanoTime() - restarted) / 1e9;
            System.out.printf("Projected in %.0f s after query-service's restart.%n", catchUpSeconds);

            Timed http = new Timed(rig.platform.queryUrl(), rig.coordinator);
            String tally = "/api/campaigns/" + campaign + "/tally";
            Sampler sampler = rig.sampler();
            List<Double> live = measure(http, List.of(tally), o.liveQueries());
            Random random = new Random(o.seed());
            long span = writtenUntil.toEpochMilli() - startsAt.toEpochMilli();
            Instant measuring = Instant.now();
            long kSpan = Math.max(1, measuring.toEpochMilli() - membersKnown.toEpochMilli());
            List<String> atTk = new ArrayList<>();
            for (int i = 0; i < o.pointQueries(); i++) {
                atTk.add(tally + "?at=" + startsAt.plusMillis((long) (random.nextDouble() * span)) + "&knownAt="
                        + membersKnown.plusMillis((long) (random.nextDouble() * kSpan)));
            }
            List<Double> pit = measure(http, atTk, atTk.size());
            List<Double> timeline = measure(http, List.of("/api/campaigns/" + campaign + "/timeline?bucket=" + BUCKET),
                    o.timelineQueries());
            Timed.Answer whole = http.ok(tally);
            Map<String, Object> cpu = sampler.cpuCores();
            Map<String, Object> memory = sampler.memory();
            sampler.close();

            double capacity = shared.capacity != null ? shared.capacity : Benchmarks.measureCapacity(rig, o);
            Fresh measured = freshness(rig, o, campaign, days.subList(0, FRESH_CITIES),
                    FreshnessBenchmark.LARGE_DAY_LOAD * capacity, o.freshnessPhase());
            Map<String, Object> fresh = measured.figures();
            Stats freshStats = measured.stats();

            Stats liveStats = Stats.of(live);
            Stats pitStats = Stats.of(pit);
            Stats lineStats = Stats.of(timeline);
            long reports = whole.json().path("totals").path("reports").path("total").asLong();
            result.row("campaign events / cities / reports", String.format("%,d / %d / %,d", perCity * cities, cities,
                    reports));
            result.row("live campaign tally p50 / p99 ms", Stats.ms(liveStats.p50()) + " / " + Stats.ms(liveStats.p99()));
            result.row("campaign tally at random (T, K) p50 / p99 ms", Stats.ms(pitStats.p50()) + " / "
                    + Stats.ms(pitStats.p99()));
            result.row("campaign timeline (" + BUCKET + ") p50 / p99 ms", Stats.ms(lineStats.p50()) + " / "
                    + Stats.ms(lineStats.p99()));
            result.row("freshness, 2xx in a member city -> campaign push, p50 / p99 / max ms", Stats.ms(freshStats.p50())
                    + " / " + Stats.ms(freshStats.p99()) + " / " + Stats.ms(freshStats.max()));
            result.row("  at reports/s (50 % of capacity, over " + FRESH_CITIES + " cities)", Result.f1((double) fresh.get("rateSent")));
            result.row("  campaign pushes received / bytes each", fresh.get("campaignMessages") + " / "
                    + fresh.get("bytesPerMessage"));
            result.row("catch-up of the campaign after query-service's restart, s", Result.f1(catchUpSeconds));
            memory.forEach((service, m) -> {
                @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
                result.row(service + " peak heap / limit / VmHWM MB", mm.get("peakHeapMB") + " / " + mm.get("maxHeapMB")
                        + " / " + mm.get("vmHwmMB"));
            });
            result.note(String.format("%d cities (the simulator's national metros) in one campaign, %,d events each, "
                    + "written with JDBC COPY while query-service was stopped, then projected as a backlog; T uniform "
                    + "over %s .. %s; K uniform from when every city had joined the campaign (%s) to the measurement's "
                    + "start, so that every view holds all %d days and all their reports; one call at a time", cities,
                    perCity, startsAt, writtenUntil, membersKnown, cities));
            result.note("freshness: one dashboard on /topic/campaigns/" + campaign + "/days (what changed, as the "
                    + "national page follows it; the whole campaign's tally is /tally); " + FreshnessBenchmark.COALESCING
                    + " (and per campaign)");
            result.put("dayEvents", perCity * cities);
            result.put("cities", cities);
            result.put("writeSeconds", Stats.round(writeSeconds));
            result.put("checkpointsAwaitedSeconds", Stats.round(checkpoints));
            result.put("catchUpSeconds", Stats.round(catchUpSeconds));
            result.put("liveTallyMs", liveStats.toMap());
            result.put("latencyMs", pitStats.toMap());
            result.put("timelineMs", lineStats.toMap());
            result.put("freshness", fresh);
            result.put("freshnessMs", freshStats.toMap());
            result.put("capacityReportsPerSecond", Stats.round(capacity));
            result.put("cpuCores", cpu);
            result.put("memory", memory);
            rig.requireAlive();
            result.put("platform", rig.record());
        }
        return result;
    }

    /** Each path in turn until {@code calls} were made, after a few unmeasured ones: the latencies, ms. */
    private static List<Double> measure(Timed http, List<String> paths, int calls) throws Exception {
        for (int i = 0; i < Math.min(5, paths.size() * 5); i++) {
            http.ok(paths.get(i % paths.size()));
        }
        List<Double> millis = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        for (int i = 0; i < calls && System.nanoTime() < deadline; i++) {
            millis.add(http.ok(paths.get(i % paths.size())).millis());
        }
        return millis;
    }

    /** A freshness phase: the latencies, and its other figures for the results. */
    private record Fresh(Stats stats, Map<String, Object> figures) {
    }

    /** Reports at {@code rate} a second over {@code days} (open loop), one dashboard on the campaign's changes. */
    private static Fresh freshness(Rig rig, Options o, String campaign, List<String> days, double rate,
                                                 Duration duration) throws Exception {
        List<Load> loads = new ArrayList<>();
        for (String day : days) {
            loads.add(new Load(rig.platform.commandUrl(), day, rig.reporters(day, o.reporters()), o.seed() * 31 + day.hashCode()));
        }
        System.out.printf("Campaign freshness: %.1f reports/s over %d cities for %d s...%n", rate, days.size(),
                duration.toSeconds());
        Map<String, Object> phase = new LinkedHashMap<>();
        List<Double> freshness = new ArrayList<>();
        try (Dashboards dashboard = new Dashboards(rig.platform.queryUrl(), rig.coordinator, 1,
                "/topic/campaigns/" + campaign + "/days")) {
            ExecutorService pool = Executors.newFixedThreadPool(loads.size());
            List<Future<?>> running = new ArrayList<>();
            long started = System.nanoTime();
            for (Load load : loads) {
                running.add(pool.submit(() -> {
                    load.openLoop(rate / loads.size(), Math.max(2, o.clients() / loads.size()), duration);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;
            for (int i = 0; i < loads.size(); i++) {
                long last = loads.get(i).accepted.stream().mapToLong(Load.Accepted::position).max().orElse(0);
                rig.awaitProjected(days.get(i), last, Duration.ofSeconds(30));
            }
            Thread.sleep(1000);
            Dashboards.Received received = dashboard.received.get(0);
            long notSeen = 0;
            long accepted = 0;
            for (Load load : loads) {
                for (Load.Accepted a : load.accepted) {
                    accepted++;
                    long at = received.firstReaching(a.position());
                    if (at < 0) {
                        notSeen++;
                    } else {
                        freshness.add((at - a.answeredNanos()) / 1e6);
                    }
                }
            }
            phase.put("rateSent", Stats.round(rate));
            phase.put("acceptedPerSecond", Stats.round(accepted / seconds));
            phase.put("notSeen", notSeen);
            phase.put("campaignMessages", received.size);
            phase.put("bytesPerMessage", received.size == 0 ? 0 : dashboard.bytes.get() / received.size);
        }
        return new Fresh(Stats.of(freshness), phase);
    }

    private static Api.Answer expect(Api.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + answer.status() + " " + answer.raw());
        }
        return answer;
    }
}
