package org.standstill.bench.benchmarks;

import org.standstill.bench.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code standstill bench [name...] [options]}: runs the benchmarks, each on a fresh platform (a durable embedded
 * PostgreSQL and both services as processes), prints each one's table and writes {@code bench/results/<name>.json}.
 * Benchmarks are not tests: nothing here is part of {@code ./mvnw verify}.
 */
public final class Benchmarks {

    static final List<String> ALL = List.of("ingest", "freshness", "fanout", "replay", "pointintime");

    public static final String USAGE = """
            usage: standstill bench [ingest|freshness|fanout|replay|pointintime ...] [--quick] [options]
              ingest       accepted reports/s over HTTP (closed loop) and p50/p99 latency, vs pgbench single-row INSERTs
              freshness    2xx answer -> WebSocket tally, p50/p99/max at 10, 50 and 90 % of the ingest capacity
              fanout       1, then N STOMP dashboards (100 and 1,000) during ingest: messages/s, lag, memory
              replay       full projection rebuild of a 1,000,000-event day, vs JDBC read + deserialise
              pointintime  tally at random (T, K) on that day (runs with replay on the same platform)
            options: --quick (a minute or two each: small sizes), --clients N (16), --reporters N (64),
                     --seconds N (30, ingest's measured window), --phase-seconds N (30, freshness and fan-out),
                     --dashboards 100,1000, --fanout-load 0.5 (share of capacity), --events N (1000000),
                     --queries N (60), --profile true|false (JFR of command-service during ingest), --seed N,
                     --capacity R (reports/s for freshness and fan-out, e.g. from an earlier ingest result)
            Capacity for freshness and fan-out comes from --capacity, else from ingest when it runs first in the same
            command, else from a short closed-loop measurement on their own platform. Results: bench/results/<name>.json.""";

    /** What one benchmark hands to the next within one command. */
    static final class Shared {
        Double capacity;
    }

    private Benchmarks() {
    }

    public static void main(List<String> args) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        Options options = Options.defaults();
        List<String> rest = new ArrayList<>();
        Shared shared = new Shared();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--quick")) {
                options = Options.quick();
            } else if (arg.equals("--capacity") && i + 1 < args.size()) {
                shared.capacity = Double.valueOf(args.get(++i)); // e.g. from an earlier ingest result
            } else {
                rest.add(arg);
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (arg.startsWith("--")) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("option " + arg + " needs a value\n" + USAGE);
                }
                options = options.with(arg, rest.get(++i));
            } else if (ALL.contains(arg)) {
                names.add(arg);
            } else {
                throw new IllegalArgumentException("unknown benchmark " + arg + "\n" + USAGE);
            }
        }
        if (names.isEmpty()) {
            names.addAll(ALL);
        }
        Path results = resultsDirectory();
        List<Result> done = new ArrayList<>();
        System.out.printf("Benchmarks %s on %d cores, load average %s, at %s%n", names,
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage(), Instant.now());
        for (String name : ALL) {
            if (!names.contains(name) || (name.equals("pointintime") && names.contains("replay"))) {
                continue;
            }
            long started = System.nanoTime();
            List<Result> results1 = switch (name) {
                case "ingest" -> List.of(IngestBenchmark.run(options, results, shared));
                case "freshness" -> List.of(FreshnessBenchmark.run(options, results, shared));
                case "fanout" -> List.of(FanOutBenchmark.run(options, results, shared));
                case "replay" -> ReplayBenchmark.run(options, results, true, names.contains("pointintime"));
                case "pointintime" -> ReplayBenchmark.run(options, results, false, true);
                default -> throw new IllegalStateException(name);
            };
            for (Result result : results1) {
                result.put("options", options.toString());
                result.put("wallSeconds", Duration.ofNanos(System.nanoTime() - started).toSeconds());
                result.print(System.out);
                System.out.println("  -> " + result.write(results));
                done.add(result);
            }
        }
        System.out.println();
        System.out.printf("Done: %d results in %s; load average now %s.%n", done.size(), results, Machine.loadAverage());
    }

    /** {@code bench/results} of the repository. */
    static Path resultsDirectory() throws IOException {
        Path home = Platform.home();
        Path results = home.resolve("bench").resolve("results");
        Files.createDirectories(results);
        return results;
    }

    /** A short closed-loop measurement of ingest capacity on this platform (for freshness and fan-out run alone). */
    static double measureCapacity(Rig rig, Options o) throws Exception {
        String day = rig.liveDay("capacity");
        List<String> tokens = rig.reporters(day, o.reporters());
        Load load = new Load(rig.platform.commandUrl(), day, tokens, o.seed() * 31 + day.hashCode());
        Duration window = Duration.ofSeconds(Math.max(5, o.measure().toSeconds() / 2));
        System.out.printf("Measuring ingest capacity: %d clients, %d s...%n", o.clients(), window.toSeconds());
        double seconds = load.closedLoop(o.clients(), o.warmUp(), window);
        return load.accepted.size() / seconds;
    }
}
