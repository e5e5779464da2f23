package org.standstill.bench.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freshness: from a report's 2xx answer to the first live tally received over the WebSocket that reflects it (a
 * message with a position at least the report's), at 10 %, 50 % and 90 % of the measured ingest capacity (open loop:
 * reports keep coming at that rate whether or not earlier ones were answered). This replaces the earlier one-at-a-time
 * measurement, which is the limit of this one at a very low rate. The baseline is the same path with no load at all:
 * one report every 500 ms.
 */
final class FreshnessBenchmark {

    private FreshnessBenchmark() {
    }

    static Result run(Options o, Path results, Benchmarks.Shared shared) throws Exception {
        Result result = new Result("freshness", "Freshness: command accepted -> WebSocket tally received");
        result.header("load", "reports/s sent", "accepted/s", "HTTP p50 ms", "fresh p50 ms", "fresh p99 ms",
                "fresh max ms", "not seen");
        try (Rig rig = Rig.start(System.out, o)) {
            double capacity = shared.capacity != null ? shared.capacity : Benchmarks.measureCapacity(rig, o);
            String capacitySource = shared.capacity != null ? "measured by the ingest benchmark (this run, or --capacity)"
                    : "measured on this platform just before (closed loop, " + o.clients() + " clients)";
            List<Map<String, Object>> phases = new ArrayList<>();
            phases.add(phase(rig, o, "idle (1 every 500 ms)", 2.0, Duration.ofSeconds(Math.min(20, o.freshnessPhase().toSeconds())), result));
            for (double fraction : new double[]{0.1, 0.5, 0.9}) {
                phases.add(phase(rig, o, Math.round(fraction * 100) + " % of capacity", fraction * capacity,
                        o.freshnessPhase(), result));
            }
            result.note("capacity " + Result.f0(capacity) + " reports/s, " + capacitySource);
            result.note(COALESCING + "; each phase uses a new, empty day, so the days are of equal size");
            result.put("capacityReportsPerSecond", Stats.round(capacity));
            result.put("capacitySource", capacitySource);
            result.put("phases", phases);
            rig.requireAlive();
            result.put("platform", rig.record());
        }
        return result;
    }

    /**
     * Freshness on the large day ({@link LargeDay}), on its platform: at 50 % of the ingest capacity, first on a new,
     * empty day (the same-run comparison), then on the day that already holds the large day's events.
     */
    static Result onLargeDay(Rig rig, Options o, LargeDay day, Benchmarks.Shared shared) throws Exception {
        Result result = new Result("freshness-large", "Freshness at 50 % load: an empty day and the large day");
        result.header("load", "reports/s sent", "accepted/s", "HTTP p50 ms", "fresh p50 ms", "fresh p99 ms",
                "fresh max ms", "not seen");
        double capacity = shared.capacity != null ? shared.capacity : Benchmarks.measureCapacity(rig, o);
        String capacitySource = shared.capacity != null ? "measured by the ingest benchmark (this run, or --capacity)"
                : "measured on this platform just before, on a day of its own (closed loop, " + o.clients() + " clients)";
        double rate = LARGE_DAY_LOAD * capacity;
        double settled = rig.settle(Duration.ofMinutes(3));
        // A phase as the measured ones, on a day of its own, not recorded: the bench's own load and dashboard code is
        // compiled by then (the JIT took a core of the two for much of a first phase), as are the empty day's paths.
        Duration warmUp = Duration.ofSeconds(Math.max(20, o.warmUp().toSeconds()));
        phase(rig, o, "warm-up (not recorded)", rate, warmUp, new Result("warm-up", "not recorded"));
        List<Map<String, Object>> phases = new ArrayList<>();
        phases.add(phase(rig, o, "empty day, 50 % of capacity", rate, o.freshnessPhase(), result));
        List<String> tokens = rig.reporters(LargeDay.DAY, o.reporters());
        phases.add(phase(rig, o, String.format("day of %,d events, 50 %% of capacity", day.eventsInStore), LargeDay.DAY,
                tokens, rate, o.freshnessPhase(), result));
        phases.get(0).put("dayHolds", "empty");
        phases.get(1).put("dayHolds", "large");
        result.note("capacity " + Result.f0(capacity) + " reports/s, " + capacitySource);
        result.note(COALESCING + "; both phases on the platform that holds the large day, one after the other, after "
                + "the other large-day benchmarks named in the same command, once autovacuum is done with what they left "
                + "and after a warm-up of " + warmUp.toSeconds() + " s at the same rate on a day of its own (not recorded)");
        result.put("capacityReportsPerSecond", Stats.round(capacity));
        result.put("capacitySource", capacitySource);
        result.put("autovacuumAwaitedSeconds", Stats.round(settled));
        result.put("load", LARGE_DAY_LOAD);
        result.put("phases", phases);
        return result;
    }

    static final double LARGE_DAY_LOAD = 0.5;

    static final String COALESCING = "API.md coalesces the live tally to at most 10 messages a second per day, so up to "
            + "~100 ms of each figure is by design";

    /** A phase on a new, empty day of its own, with reporters enrolled for it. */
    static Map<String, Object> phase(Rig rig, Options o, String label, double rate, Duration duration,
                                     Result result) throws Exception {
        String day = rig.liveDay("fresh");
        return phase(rig, o, label, day, rig.reporters(day, o.reporters()), rate, duration, result);
    }

    /** A phase on {@code day}: {@code rate} reports a second from {@code tokens}, one dashboard on the day's tally. */
    static Map<String, Object> phase(Rig rig, Options o, String label, String day, List<String> tokens, double rate,
                                     Duration duration, Result result) throws Exception {
        Load load = new Load(rig.platform.commandUrl(), day, tokens, o.seed() * 31 + day.hashCode());
        System.out.printf("Freshness at %s: %.1f reports/s for %d s...%n", label, rate, duration.toSeconds());
        Map<String, Object> phase = new LinkedHashMap<>();
        try (Dashboards dashboard = new Dashboards(rig.platform.queryUrl(), rig.coordinator, day, 1)) {
            Sampler sampler = rig.sampler();
            long started = System.nanoTime();
            load.openLoop(rate, Math.max(o.clients(), 4), duration);
            double seconds = (System.nanoTime() - started) / 1e9;
            long last = load.accepted.stream().mapToLong(Load.Accepted::position).max().orElse(0);
            rig.awaitProjected(day, last, Duration.ofSeconds(30));
            Thread.sleep(1000);
            Map<String, Object> cpu = sampler.cpuCores();
            Map<String, Object> memory = sampler.memory();
            sampler.close();
            Dashboards.Received received = dashboard.received.get(0);
            List<Double> freshness = new ArrayList<>();
            long notSeen = 0;
            for (Load.Accepted a : load.accepted) {
                long at = received.firstReaching(a.position());
                if (at < 0) {
                    notSeen++;
                } else {
                    freshness.add((at - a.answeredNanos()) / 1e6);
                }
            }
            Stats fresh = Stats.of(freshness);
            Stats http = Stats.of(load.latencyMillis());
            result.row(label, Result.f1(rate), Result.f1(load.accepted.size() / seconds), Stats.ms(http.p50()),
                    Stats.ms(fresh.p50()), Stats.ms(fresh.p99()), Stats.ms(fresh.max()), Long.toString(notSeen));
            phase.put("load", label);
            phase.put("dayId", day);
            phase.put("rateSent", Stats.round(rate));
            phase.put("acceptedPerSecond", Stats.round(load.accepted.size() / seconds));
            phase.put("httpLatencyMs", http.toMap());
            phase.put("freshnessMs", fresh.toMap());
            phase.put("notSeen", notSeen);
            phase.put("tallyMessages", received.size);
            phase.put("cpuCores", cpu);
            phase.put("memory", memory);
            phase.put("answers", load.statuses.toString());
        }
        return phase;
    }
}
