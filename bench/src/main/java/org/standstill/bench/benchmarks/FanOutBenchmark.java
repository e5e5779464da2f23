package org.standstill.bench.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fan-out: N coordinators' dashboards (STOMP over WebSocket, each subscribed to the day's live tally) while reports
 * come in at a steady share of the ingest capacity. Delivered messages a second, lag (from the 2xx answer of the
 * newest report a message reflects to the message's arrival), skew (first to last dashboard receiving the same
 * tally), and memory: the query service's heap after a full GC and resident set, before and with the dashboards
 * connected, per dashboard. The baseline is one dashboard under the same load.
 */
final class FanOutBenchmark {

    private FanOutBenchmark() {
    }

    static Result run(Options o, Path results, Benchmarks.Shared shared) throws Exception {
        Result result = new Result("fanout", "Fan-out: N live dashboards during ingest");
        result.header("dashboards", "tallies pushed/s", "delivered msg/s", "lag p50 ms", "lag p99 ms", "lag max ms",
                "skew p99 ms", "query heap +KB/dash", "query RSS +KB/dash", "query CPU cores");
        try (Rig rig = Rig.start(System.out, o)) {
            double capacity = shared.capacity != null ? shared.capacity : Benchmarks.measureCapacity(rig, o);
            double rate = capacity * o.fanOutRate();
            List<Integer> counts = new ArrayList<>();
            counts.add(1);
            counts.addAll(o.dashboards());
            List<Map<String, Object>> phases = new ArrayList<>();
            for (int n : counts) {
                phases.add(phase(rig, o, n, rate, result));
            }
            result.note("load: " + Result.f1(rate) + " reports/s (" + Math.round(o.fanOutRate() * 100)
                    + " % of the measured capacity of " + Result.f0(capacity) + "/s), open loop, "
                    + o.fanOutPhase().toSeconds() + " s per row; the dashboards run in the benchmark's JVM on the same 2 cores");
            result.note("memory per dashboard: query-service heap after a full GC (jcmd GC.run) and VmRSS, with the "
                    + "dashboards connected minus before, divided by their number (n/a for one: below the noise of a GC)");
            result.put("loadReportsPerSecond", Stats.round(rate));
            result.put("phases", phases);
            rig.requireAlive();
            result.put("platform", rig.record());
        }
        return result;
    }

    private static Map<String, Object> phase(Rig rig, Options o, int n, double rate, Result result) throws Exception {
        String day = rig.liveDay("fanout");
        List<String> tokens = rig.reporters(day, o.reporters());
        long queryPid = rig.platform.queryPid();
        long[] before = heapAndRss(rig);
        System.out.printf("Fan-out: connecting %d dashboards...%n", n);
        Map<String, Object> phase = new LinkedHashMap<>();
        try (Dashboards dashboards = new Dashboards(rig.platform.queryUrl(), rig.coordinator, day, n)) {
            long[] connected = heapAndRss(rig);
            Load load = new Load(rig.platform.commandUrl(), day, tokens, o.seed() * 31 + day.hashCode());
            dashboards.clear();
            Sampler sampler = rig.sampler();
            System.out.printf("Fan-out: %d dashboards, %.1f reports/s for %d s...%n", n, rate, o.fanOutPhase().toSeconds());
            long started = System.nanoTime();
            load.openLoop(rate, Math.max(o.clients(), 4), o.fanOutPhase());
            double sending = (System.nanoTime() - started) / 1e9;
            long last = load.accepted.stream().mapToLong(Load.Accepted::position).max().orElse(0);
            rig.awaitProjected(day, last, Duration.ofSeconds(30));
            Thread.sleep(1500);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> cpu = sampler.cpuCores();
            Map<String, Object> memory = sampler.memory();
            sampler.close();

            TreeMap<Long, Long> answered = new TreeMap<>();
            load.accepted.forEach(a -> answered.put(a.position(), a.answeredNanos()));
            List<Double> lags = new ArrayList<>();
            Map<Long, long[]> arrivals = new HashMap<>(); // position -> {first, last}
            long delivered = 0;
            long pushes = 0;
            for (Dashboards.Received r : dashboards.received) {
                synchronized (r) {
                    delivered += r.size;
                    pushes = Math.max(pushes, r.size);
                    for (int i = 0; i < r.size; i++) {
                        Map.Entry<Long, Long> report = answered.floorEntry(r.positions[i]);
                        if (report != null) {
                            lags.add((r.nanos[i] - report.getValue()) / 1e6);
                        }
                        long[] span = arrivals.computeIfAbsent(r.positions[i], p -> new long[]{Long.MAX_VALUE, Long.MIN_VALUE});
                        span[0] = Math.min(span[0], r.nanos[i]);
                        span[1] = Math.max(span[1], r.nanos[i]);
                    }
                }
            }
            List<Double> skews = new ArrayList<>();
            arrivals.values().forEach(span -> skews.add((span[1] - span[0]) / 1e6));
            Stats lag = Stats.of(lags);
            Stats skew = Stats.of(skews);
            double heapPer = (connected[0] - before[0]) / 1024.0 / n;
            double rssPer = (connected[1] - before[1]) / 1024.0 / n;
            result.row(Integer.toString(n), Result.f1(pushes / seconds), Result.f0(delivered / seconds),
                    Stats.ms(lag.p50()), Stats.ms(lag.p99()), Stats.ms(lag.max()), Stats.ms(skew.p99()),
                    n < 20 ? "n/a" : Result.f1(heapPer), n < 20 ? "n/a" : Result.f1(rssPer),
                    String.valueOf(cpu.get("query-service")));
            phase.put("dashboards", n);
            phase.put("reportsPerSecondSent", Stats.round(rate));
            phase.put("acceptedPerSecond", Stats.round(load.accepted.size() / sending));
            phase.put("talliesPushedPerSecond", Stats.round(pushes / seconds));
            phase.put("deliveredMessagesPerSecond", Stats.round(delivered / seconds));
            phase.put("deliveredBytesPerSecond", Math.round(dashboards.bytes.get() / seconds));
            phase.put("lagMs", lag.toMap());
            phase.put("skewMs", skew.toMap());
            phase.put("queryHeapAfterGcBytes", Map.of("before", before[0], "connected", connected[0]));
            phase.put("queryRssBytes", Map.of("before", before[1], "connected", connected[1]));
            phase.put("heapKBPerDashboard", Stats.round(heapPer));
            phase.put("rssKBPerDashboard", Stats.round(rssPer));
            phase.put("memoryUnderLoad", memory);
            phase.put("cpuCores", cpu);
            phase.put("httpLatencyMs", Stats.of(load.latencyMillis()).toMap());
            phase.put("queryServicePid", queryPid);
        }
        return phase;
    }

    /** The query service's heap in use right after a full GC, and its resident set, in bytes. */
    private static long[] heapAndRss(Rig rig) throws Exception {
        long pid = rig.platform.queryPid();
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        Thread.sleep(500);
        long heap = Sampler.heapBytes(rig.platform.queryUrl());
        return new long[]{heap, Sampler.status(pid, "VmRSS:") * 1024};
    }
}
