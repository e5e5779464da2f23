package org.standstill.bench.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The sizes of a benchmark run. {@code --quick} shrinks everything for a run of a minute or two (development, and
 * when the machine is shared); the defaults are those of the results in bench/README.md.
 *
 * @param events    the sizes of the large day, one fresh platform each, in the order given (growth table)
 * @param heap      the {@code -Xmx} of each service's JVM ({@code 512m}), or {@code none} for the JVM's default
 * @param results   where the JSON goes: null for {@code bench/results} (then bench/README.md's results are
 *                  regenerated), else that directory (and its {@code summary.md})
 */
record Options(int clients, int reporters, Duration warmUp, Duration measure, Duration freshnessPhase,
               Duration fanOutPhase, List<Integer> dashboards, double fanOutRate, List<Long> events, int pointQueries,
               int liveQueries, int timelineQueries, boolean profile, long seed, String heap, String results,
               boolean quick, int cities) {

    static final String DEFAULT_HEAP = "512m";

    static Options defaults() {
        return new Options(16, 64, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), List.of(100, 1000), 0.5, List.of(1_000_000L), 60, 300, 10, true, 2026,
                DEFAULT_HEAP, null, false, 30);
    }

    static Options quickSizes() {
        return new Options(8, 16, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(8),
                Duration.ofSeconds(10), List.of(20, 100), 0.5, List.of(20_000L), 12, 60, 5, true, 2026,
                DEFAULT_HEAP, null, true, 30);
    }

    /** The same options for one size of the large day. */
    Options withEvents(long size) {
        return new Builder(this).events(List.of(size)).build();
    }

    /** The one size of the large day these options are for (after {@link #withEvents}), else the first. */
    long dayEvents() {
        return events.get(0);
    }

    /**
     * JVM options for each service: the heap limit, and an exit (so a failed run) rather than limping on after an OOM;
     * then those of {@code STANDSTILL_SERVICE_JVM_OPTIONS} (space-separated, e.g. a flight recording to profile a run).
     */
    List<String> serviceJvmOptions() {
        List<String> options = new java.util.ArrayList<>();
        if (!heap.equalsIgnoreCase("none")) {
            options.addAll(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
        }
        String extra = System.getenv().getOrDefault("STANDSTILL_SERVICE_JVM_OPTIONS", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(options);
    }

    Options with(String option, String value) {
        Builder b = new Builder(this);
        switch (option) {
            case "--clients" -> b.clients = Integer.parseInt(value);
            case "--reporters" -> b.reporters = Integer.parseInt(value);
            case "--seconds" -> b.measure = Duration.ofSeconds(Long.parseLong(value));
            case "--warmup-seconds" -> b.warmUp = Duration.ofSeconds(Long.parseLong(value));
            case "--phase-seconds" -> {
                b.freshnessPhase = Duration.ofSeconds(Long.parseLong(value));
                b.fanOutPhase = b.freshnessPhase;
            }
            case "--dashboards" -> b.dashboards = Arrays.stream(value.split(",")).map(String::trim)
                    .map(Integer::valueOf).toList();
            case "--fanout-load" -> b.fanOutRate = Double.parseDouble(value);
            case "--events" -> b.events = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> Long.parseLong(s.replace("_", ""))).toList();
            case "--queries" -> b.pointQueries = Integer.parseInt(value);
            case "--cities" -> b.cities = Integer.parseInt(value);
            case "--live-queries" -> b.liveQueries = Integer.parseInt(value);
            case "--timeline-queries" -> b.timelineQueries = Integer.parseInt(value);
            case "--profile" -> b.profile = Boolean.parseBoolean(value);
            case "--seed" -> b.seed = Long.parseLong(value);
            case "--heap" -> {
                if (!value.equalsIgnoreCase("none") && !value.matches("\\d+[kKmMgG]")) {
                    throw new IllegalArgumentException("--heap takes a size such as 512m or 2g, or none");
                }
                b.heap = value;
            }
            case "--results" -> b.results = value;
            default -> throw new IllegalArgumentException("unknown option " + option + "\n" + Benchmarks.USAGE);
        }
        Options changed = b.build();
        if (changed.events.isEmpty() || changed.events.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--events takes one size or a list, e.g. 100000,1000000");
        }
        return changed;
    }

    private static final class Builder {
        int clients;
        int reporters;
        Duration warmUp;
        Duration measure;
        Duration freshnessPhase;
        Duration fanOutPhase;
        List<Integer> dashboards;
        double fanOutRate;
        List<Long> events;
        int pointQueries;
        int liveQueries;
        int timelineQueries;
        boolean profile;
        long seed;
        String heap;
        String results;
        boolean quick;
        int cities;

        Builder(Options o) {
            clients = o.clients;
            reporters = o.reporters;
            warmUp = o.warmUp;
            measure = o.measure;
            freshnessPhase = o.freshnessPhase;
            fanOutPhase = o.fanOutPhase;
            dashboards = o.dashboards;
            fanOutRate = o.fanOutRate;
            events = o.events;
            pointQueries = o.pointQueries;
            liveQueries = o.liveQueries;
            timelineQueries = o.timelineQueries;
            profile = o.profile;
            seed = o.seed;
            heap = o.heap;
            results = o.results;
            quick = o.quick;
            cities = o.cities;
        }

        Builder events(List<Long> sizes) {
            events = List.copyOf(sizes);
            return this;
        }

        Options build() {
            return new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase, dashboards, fanOutRate,
                    events, pointQueries, liveQueries, timelineQueries, profile, seed, heap, results, quick, cities);
        }
    }
}
