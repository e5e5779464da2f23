package org.standstill.bench.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several instances (issue 13). Ingest: the closed loop of {@code ingest} on a platform with one command-service
 * instance, then on one with two, the clients split between the instances (each client keeps to one, as a phone keeps
 * its connection). Fan-out: the largest {@code --dashboards} count spread evenly over two query-service instances
 * while reports come in at {@code --fanout-load} of the one-instance capacity, with each instance's simple broker and
 * then with the STOMP broker relay to RabbitMQ (skipped, with a note, when nothing listens on localhost:61613).
 */
final class InstancesBenchmark {

    static final String RELAY = "localhost:61613";

    private InstancesBenchmark() {
    }

    static Result run(Options o, Path results, Benchmarks.Shared shared) throws Exception {
        Result result = new Result("instances", "Several instances: ingest on one vs two command-service instances;"
                + " fan-out over two query-service instances, simple broker vs relay");
        result.header("setup", "accepted reports/s", "HTTP p50 ms", "HTTP p99 ms", "delivered msg/s", "lag p50 ms",
                "lag p99 ms", "lag max ms");
        Map<String, Object> ingest = new LinkedHashMap<>();
        double capacity = 0;
        for (int instances : List.of(1, 2)) {
            Map<String, Object> run = ingest(o, instances);
            ingest.put(instances + "", run);
            double rate = (Double) run.get("acceptedPerSecond");
            if (instances == 1) {
                capacity = rate;
            }
            @SuppressWarnings("unchecked") Map<String, Object> latency = (Map<String, Object>) run.get("httpLatencyMs");
            result.row(instances + " command-service instance" + (instances > 1 ? "s" : ""), Result.f0(rate),
                    String.valueOf(latency.get("p50")), String.valueOf(latency.get("p99")), "", "", "", "");
        }
        result.put("ingest", ingest);
        shared.capacity = shared.capacity != null ? shared.capacity : capacity;

        int dashboards = o.dashboards().get(o.dashboards().size() - 1);
        double rate = capacity * o.fanOutRate();
        Map<String, Object> fanout = new LinkedHashMap<>();
        for (boolean relay : List.of(false, true)) {
            String label = dashboards + " dashboards on 2 query instances, " + (relay ? "relay (RabbitMQ)" : "simple broker");
            if (relay && !listening(RELAY)) {
                result.row(label, "", "", "", "not run", "", "", "");
                result.note("the relay row was not run: nothing listens on " + RELAY
                        + " (rabbitmq-server -detached; rabbitmq-plugins enable rabbitmq_stomp)");
                continue;
            }
            Map<String, Object> phase = fanout(o, dashboards, rate, relay);
            fanout.put(relay ? "relay" : "simple", phase);
            @SuppressWarnings("unchecked") Map<String, Object> lag = (Map<String, Object>) phase.get("lagMs");
            result.row(label, Result.f0((Double) phase.get("acceptedPerSecond")), "", "",
                    Result.f0((Double) phase.get("deliveredMessagesPerSecond")), String.valueOf(lag.get("p50")),
                    String.valueOf(lag.get("p99")), String.valueOf(lag.get("max")));
        }
        result.put("fanout", fanout);
        result.note("ingest: " + o.clients() + " clients in a closed loop, " + o.warmUp().toSeconds() + " s warm-up, "
                + o.measure().toSeconds() + " s measured, one query-service instance projecting; a fresh platform per row");
        result.note("fan-out: " + Result.f1(rate) + " reports/s (" + Math.round(o.fanOutRate() * 100)
                + " % of the one-instance capacity), open loop, " + o.fanOutPhase().toSeconds() + " s, one command-service"
                + " instance; lag = 2xx answer of the newest report a message reflects -> its arrival; the dashboards"
                + " run in the benchmark's JVM, every process on the same 2 cores");
        return result;
    }

    private static Map<String, Object> ingest(Options o, int instances) throws Exception {
        try (Rig rig = Rig.start(System.out, o, instances, 1, Map.of())) {
            String day = rig.liveDay("instances");
            List<String> tokens = rig.reporters(day, o.reporters());
            List<URI> commands = rig.platform.commandUrls();
            List<Load> loads = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                loads.add(new Load(commands.get(i), day, tokens.subList(i * tokens.size() / instances,
                        (i + 1) * tokens.size() / instances), o.seed() * 31 + day.hashCode() + i));
            }
            int clients = Math.max(1, o.clients() / instances);
            System.out.printf("Ingest on %d command-service instance(s): %d clients each, %d s warm-up, %d s...%n",
                    instances, clients, o.warmUp().toSeconds(), o.measure().toSeconds());
            List<Double> seconds = parallel(loads, load -> load.closedLoop(clients, o.warmUp(), o.measure()));
            long accepted = loads.stream().mapToLong(load -> load.accepted.size()).sum();
            double window = seconds.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            List<Double> latencies = new ArrayList<>();
            loads.forEach(load -> {
                for (double l : load.latencyMillis()) {
                    latencies.add(l);
                }
            });
            long last = loads.stream().flatMap(load -> load.accepted.stream()).mapToLong(Load.Accepted::position).max()
                    .orElse(0);
            Duration catchUp = rig.awaitProjected(day, last, Duration.ofMinutes(5));
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("commandInstances", instances);
            run.put("clients", clients * instances);
            run.put("acceptedPerSecond", Stats.round(accepted / window));
            run.put("accepted", accepted);
            run.put("httpLatencyMs", Stats.of(latencies).toMap());
            run.put("answers", loads.stream().map(load -> load.statuses.toString()).toList());
            run.put("querySideCatchUpSeconds", catchUp == null ? null : catchUp.toMillis() / 1000.0);
            rig.requireAlive();
            run.put("platform", rig.record());
            return run;
        }
    }

    private static Map<String, Object> fanout(Options o, int n, double rate, boolean relay) throws Exception {
        Map<String, String> settings = relay ? Map.of("STANDSTILL_STOMP_RELAY", RELAY) : Map.of();
        try (Rig rig = Rig.start(System.out, o, 1, 2, settings)) {
            String day = rig.liveDay("instances-fanout");
            List<String> tokens = rig.reporters(day, o.reporters());
            List<URI> queries = rig.platform.queryUrls();
            System.out.printf("Fan-out: connecting %d dashboards over %d query-service instances%s...%n", n,
                    queries.size(), relay ? " (relay)" : "");
            List<Dashboards> clients = new ArrayList<>();
            try {
                for (int i = 0; i < queries.size(); i++) {
                    clients.add(new Dashboards(queries.get(i), rig.coordinator, day, n / queries.size()));
                }
                Load load = new Load(rig.platform.commandUrl(), day, tokens, o.seed() * 31 + day.hashCode());
                clients.forEach(Dashboards::clear);
                Sampler sampler = rig.sampler();
                long started = System.nanoTime();
                load.openLoop(rate, Math.max(o.clients(), 4), o.fanOutPhase());
                double sending = (System.nanoTime() - started) / 1e9;
                long last = load.accepted.stream().mapToLong(Load.Accepted::position).max().orElse(0);
                rig.awaitProjected(day, last, Duration.ofSeconds(30));
                Thread.sleep(1500);
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Object> cpu = sampler.cpuCores();
                sampler.close();
                TreeMap<Long, Long> answered = new TreeMap<>();
                load.accepted.forEach(a -> answered.put(a.position(), a.answeredNanos()));
                List<Double> lags = new ArrayList<>();
                long delivered = 0;
                for (Dashboards dashboards : clients) {
                    for (Dashboards.Received r : dashboards.received) {
                        synchronized (r) {
                            delivered += r.size;
                            for (int i = 0; i < r.size; i++) {
                                Map.Entry<Long, Long> report = answered.floorEntry(r.positions[i]);
                                if (report != null) {
                                    lags.add((r.nanos[i] - report.getValue()) / 1e6);
                                }
                            }
                        }
                    }
                }
                Map<String, Object> phase = new LinkedHashMap<>();
                phase.put("dashboards", n);
                phase.put("queryInstances", queries.size());
                phase.put("broker", relay ? "relay " + RELAY : "simple");
                phase.put("reportsPerSecondSent", Stats.round(rate));
                phase.put("acceptedPerSecond", Stats.round(load.accepted.size() / sending));
                phase.put("deliveredMessagesPerSecond", Stats.round(delivered / seconds));
                phase.put("lagMs", Stats.of(lags).toMap());
                phase.put("cpuCoresOfFirstInstances", cpu);
                rig.requireAlive();
                phase.put("platform", rig.record());
                return phase;
            } finally {
                clients.forEach(Dashboards::close);
            }
        }
    }

    private interface Work<T> {
        T run(Load load) throws Exception;
    }

    private static <T> List<T> parallel(List<Load> loads, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(loads.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Load load : loads) {
                futures.add(pool.submit((Callable<T>) () -> work.run(load)));
            }
            List<T> done = new ArrayList<>();
            for (Future<T> future : futures) {
                done.add(future.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean listening(String address) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
