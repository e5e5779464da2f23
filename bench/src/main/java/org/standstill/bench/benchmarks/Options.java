package org.standstill.bench.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of a benchmark run. {@code --quick} shrinks everything for a run of a minute or two (development, and
 * when the machine is shared); the defaults are those of the results in bench/README.md.
 */
record Options(int clients, int reporters, Duration warmUp, Duration measure, Duration freshnessPhase,
               Duration fanOutPhase, List<Integer> dashboards, double fanOutRate, long events, int pointQueries,
               boolean profile, long seed) {

    static Options defaults() {
        return new Options(16, 64, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), List.of(100, 1000), 0.5, 1_000_000, 60, true, 2026);
    }

    static Options quick() {
        return new Options(8, 16, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(8),
                Duration.ofSeconds(10), List.of(20, 100), 0.5, 20_000, 12, true, 2026);
    }

    Options with(String option, String value) {
        return switch (option) {
            case "--clients" -> new Options(Integer.parseInt(value), reporters, warmUp, measure, freshnessPhase, fanOutPhase,
                    dashboards, fanOutRate, events, pointQueries, profile, seed);
            case "--reporters" -> new Options(clients, Integer.parseInt(value), warmUp, measure, freshnessPhase,
                    fanOutPhase, dashboards, fanOutRate, events, pointQueries, profile, seed);
            case "--seconds" -> new Options(clients, reporters, warmUp, Duration.ofSeconds(Long.parseLong(value)),
                    freshnessPhase, fanOutPhase, dashboards, fanOutRate, events, pointQueries, profile, seed);
            case "--phase-seconds" -> new Options(clients, reporters, warmUp, measure,
                    Duration.ofSeconds(Long.parseLong(value)), Duration.ofSeconds(Long.parseLong(value)), dashboards,
                    fanOutRate, events, pointQueries, profile, seed);
            case "--dashboards" -> new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase,
                    java.util.Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList(),
                    fanOutRate, events, pointQueries, profile, seed);
            case "--fanout-load" -> new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase,
                    dashboards, Double.parseDouble(value), events, pointQueries, profile, seed);
            case "--events" -> new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase, dashboards,
                    fanOutRate, Long.parseLong(value.replace("_", "").replace(",", "")), pointQueries, profile, seed);
            case "--queries" -> new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase, dashboards,
                    fanOutRate, events, Integer.parseInt(value), profile, seed);
            case "--profile" -> new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase, dashboards,
                    fanOutRate, events, pointQueries, Boolean.parseBoolean(value), seed);
            case "--seed" -> new Options(clients, reporters, warmUp, measure, freshnessPhase, fanOutPhase, dashboards,
                    fanOutRate, events, pointQueries, profile, Long.parseLong(value));
            default -> throw new IllegalArgumentException("unknown option " + option + "\n" + Benchmarks.USAGE);
        };
    }
}
