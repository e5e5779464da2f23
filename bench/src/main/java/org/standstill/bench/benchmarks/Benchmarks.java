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

    static final List<String> ALL = List.of("ingest", "freshness", "fanout", "replay", "pointintime", "freshness-large",
            "campaign", "instances", "faults");

    public static final String USAGE = """
            usage: standstill bench [ingest|freshness|fanout|replay|pointintime|freshness-large|campaign|instances|faults ...] [--quick] [options]
                   standstill bench --report [--results DIR]
              ingest           accepted reports/s over HTTP (closed loop) and p50/p99 latency, vs pgbench single-row INSERTs
              freshness        2xx answer -> WebSocket tally, p50/p99/max at 10, 50 and 90 % of the ingest capacity
                               (a new, empty day per phase)
              fanout           1, then N STOMP dashboards (100 and 1,000) during ingest: messages/s, lag, memory
              replay           on the large day (--events): the live projection catching it up as a backlog, and a full
                               projection rebuild, both vs JDBC read + deserialise of the same events in the same run
              pointintime      on the large day: live tally, tally at random (T, K), timeline of the whole day
              freshness-large  on the large day's platform: freshness at 50 % load on an empty day and on the large day
                               (replay, pointintime and freshness-large share one platform per size)
              campaign         a campaign of --cities cities (30) holding --events events in all: the live campaign tally, the
                               campaign tally at random (T, K), its timeline, and freshness from a 2xx in a member city
                               to the campaign push at 50 % of the ingest capacity
              instances        ingest with one vs two command-service instances (clients split between them); the
                               largest --dashboards spread over two query-service instances, simple broker vs the
                               STOMP relay to RabbitMQ (localhost:61613, when it listens)
              faults           the fault suite of issue 14 under steady load (kill -9 of each service, a PostgreSQL
                               crash, cut connections, a rebuild killed or cut off): per fault, seconds until health
                               UP and until live pushes resume, lost answers, exactly-once
              --report         only regenerate the results part of bench/README.md from bench/results/*.json
                               (with --results DIR: DIR/summary.md from DIR/*.json)
            options: --quick (a minute or two each: small sizes; results go to bench/target/quick-results),
                     --events N[,N...] (1000000; a list runs the large-day benchmarks once per size, each on a fresh
                     platform, for the growth table), --heap SIZE|none (512m: -Xmx of each service),
                     --results DIR (bench/results), --clients N (16), --reporters N (64),
                     --seconds N (30, ingest's measured window), --warmup-seconds N (10, before it),
                     --phase-seconds N (30, freshness and fan-out),
                     --dashboards 100,1000, --fanout-load 0.5 (share of capacity), --queries N (60, random (T, K)),
                     --cities N (30, the campaign's),
                     --live-queries N (300), --timeline-queries N (10), --profile true|false (JFR of command-service
                     during ingest), --seed N, --capacity R (reports/s for freshness and fan-out, e.g. from an earlier
                     ingest result)
            Capacity for freshness, freshness-large and fan-out comes from --capacity, else from ingest when it runs
            first in the same command, else from a short closed-loop measurement on their own platform. Results:
            <results>/<name>.json, and <name>-<events>.json for the large-day benchmarks; when the results go to
            bench/results, the results part of bench/README.md is regenerated from them after the run.""";

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
        boolean reportOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--quick")) {
                options = Options.quickSizes();
            } else if (arg.equals("--report")) {
                reportOnly = true;
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
        Path results = resultsDirectory(options);
        if (reportOnly) {
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("--report runs no benchmark: name none\n" + USAGE);
            }
            System.out.println("Wrote " + Summary.write(results, isCommitted(results)));
            return;
        }
        if (names.isEmpty()) {
            names.addAll(ALL);
        }
        List<Result> done = new ArrayList<>();
        System.out.printf("Benchmarks %s on %d cores, load average %s, at %s; services with %s%n", names,
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage(), Instant.now(),
                options.serviceJvmOptions().isEmpty() ? "the JVM's default heap" : String.join(" ", options.serviceJvmOptions()));
        boolean largeDayDone = false;
        for (String name : ALL) {
            if (!names.contains(name)) {
                continue;
            }
            if (LargeDay.BENCHMARKS.contains(name)) {
                if (largeDayDone) {
                    continue;
                }
                largeDayDone = true;
                Set<String> onLargeDay = new LinkedHashSet<>(names);
                onLargeDay.retainAll(LargeDay.BENCHMARKS);
                for (long size : options.events()) {
                    System.out.printf("%nThe large day: %,d events (%s)%n", size, onLargeDay);
                    Options sized = options.withEvents(size);
                    long started = System.nanoTime();
                    for (Result result : LargeDay.run(sized, onLargeDay, shared)) {
                        done.add(finish(result, sized, started, results));
                    }
                }
                continue;
            }
            long started = System.nanoTime();
            Result result = switch (name) {
                case "ingest" -> IngestBenchmark.run(options, results, shared);
                case "freshness" -> FreshnessBenchmark.run(options, results, shared);
                case "fanout" -> FanOutBenchmark.run(options, results, shared);
                case "instances" -> InstancesBenchmark.run(options, results, shared);
                case "faults" -> FaultsBenchmark.run(options);
                case "campaign" -> CampaignBenchmark.run(options.withEvents(options.events().get(0)), shared);
                default -> throw new IllegalStateException(name);
            };
            done.add(finish(result, options, started, results));
        }
        System.out.println();
        Path summary = Summary.write(results, isCommitted(results));
        System.out.printf("Done: %d results in %s; results table regenerated in %s; load average now %s.%n", done.size(),
                results, summary, Machine.loadAverage());
    }

    private static Result finish(Result result, Options options, long started, Path results) throws IOException {
        result.put("options", options.toString());
        result.put("quick", options.quick());
        result.put("wallSeconds", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        result.print(System.out);
        System.out.println("  -> " + result.write(results));
        return result;
    }

    /** {@code bench/results} of the repository, whose summary is the results part of bench/README.md. */
    static Path committedResults() {
        return Platform.home().resolve("bench").resolve("results");
    }

    private static boolean isCommitted(Path results) {
        return results.toAbsolutePath().normalize().equals(committedResults().toAbsolutePath().normalize());
    }

    /** --results, else bench/target/quick-results for --quick (so a quick run never replaces a full one), else bench/results. */
    static Path resultsDirectory(Options options) throws IOException {
        Path results = options.results() != null ? Path.of(options.results())
                : options.quick() ? Platform.home().resolve("bench").resolve("target").resolve("quick-results")
                : committedResults();
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
