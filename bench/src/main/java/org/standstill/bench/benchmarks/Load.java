package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import org.standstill.bench.simulator.TwinCities;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Report submissions over HTTP, as the reporters' phones send them: a mix of the scenario's kinds (70 % closures,
 * 20 % walkouts, 10 % headcounts) at places in the Twin Cities zones, each a new report. Records every answer's
 * latency and, for accepted ones, the moment of the answer and the event's position.
 */
final class Load {

    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");

    /** One accepted report: when its 2xx answer arrived (System.nanoTime) and its position in the log. */
    record Accepted(long answeredNanos, long position) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI reportsUrl;
    private final URI batchesUrl;
    private final List<String> tokens;
    private final AtomicLong sequence = new AtomicLong();
    private final long seed;
    final ConcurrentLinkedQueue<double[]> latencies = new ConcurrentLinkedQueue<>(); // {sentNanos, millis}
    final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    final AtomicLong failures = new AtomicLong();
    final Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    volatile boolean recording = true;

    Load(URI commandUrl, String dayId, List<String> tokens, long seed) {
        this.reportsUrl = commandUrl.resolve("/api/days/" + dayId + "/reports");
        this.batchesUrl = commandUrl.resolve("/api/days/" + dayId + "/report-batches");
        this.tokens = tokens;
        this.seed = seed;
    }

    /** Sends the next report and waits for its answer; answers whether it was accepted. */
    boolean submitOne() {
        long n = sequence.getAndIncrement();
        String body = Api.JSON.writeValueAsString(body(n));
        HttpRequest request = HttpRequest.newBuilder(reportsUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.get((int) (n % tokens.size())))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
            if (response.statusCode() / 100 != 2) {
                failures.incrementAndGet();
                return false;
            }
            if (recording) {
                latencies.add(new double[]{sent, (answered - sent) / 1e6});
                Matcher position = POSITION.matcher(response.body());
                accepted.add(new Accepted(answered, position.find() ? Long.parseLong(position.group(1)) : -1));
            }
            return true;
        } catch (IOException e) {
            failures.incrementAndGet();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends the next {@code size} reports as one batch (a phone flushing its outbox) and waits for the answer; each
     * report answered 2xx counts as accepted, with the batch's latency.
     */
    boolean submitBatch(int size) {
        long first = sequence.getAndAdd(size);
        List<Map<String, Object>> reports = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            reports.add(body(first + i));
        }
        String body = Api.JSON.writeValueAsString(Map.of("reports", reports));
        HttpRequest request = HttpRequest.newBuilder(batchesUrl).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.get((int) ((first / size) % tokens.size())))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            if (response.statusCode() != 200) {
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).addAndGet(size);
                failures.addAndGet(size);
                return false;
            }
            for (tools.jackson.databind.JsonNode result : Api.JSON.readTree(response.body()).path("results")) {
                int status = result.path("status").asInt();
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (status / 100 != 2) {
                    failures.incrementAndGet();
                } else if (recording) {
                    accepted.add(new Accepted(answered, result.path("position").asLong(-1)));
                }
            }
            if (recording) {
                latencies.add(new double[]{sent, (answered - sent) / 1e6});
            }
            return true;
        } catch (IOException e) {
            failures.addAndGet(size);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Forgets what was recorded (after a warm-up). */
    void reset() {
        latencies.clear();
        accepted.clear();
        failures.set(0);
        statuses.clear();
    }

    double[] latencyMillis() {
        return latencies.stream().mapToDouble(l -> l[1]).toArray();
    }

    /** The n-th report of this load: deterministic for a seed. */
    Map<String, Object> body(long n) {
        Random random = new Random(seed * 1_000_003L + n);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString());
        TwinCities.Zone zone = TwinCities.ZONES.get(random.nextInt(TwinCities.ZONES.size()));
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("lat", TwinCities.round(zone.south() + random.nextDouble() * (zone.north() - zone.south())));
        location.put("lon", TwinCities.round(zone.west() + random.nextDouble() * (zone.east() - zone.west())));
        double kind = random.nextDouble();
        if (kind < 0.7) {
            body.put("kind", "CLOSURE");
            body.put("observedAt", Instant.now().minusSeconds(30 + random.nextInt(600)).toString());
            body.put("business", Map.of("name", TwinCities.FIRST[random.nextInt(TwinCities.FIRST.length)] + " shop " + n,
                    "location", location, "sector", random.nextBoolean() ? "RETAIL" : "FOOD_SERVICE"));
            double s = random.nextDouble();
            body.put("status", s < 0.75 ? "CLOSED" : s < 0.85 ? "PARTIAL" : "OPEN");
            if (s < 0.85) {
                body.put("reason", random.nextBoolean() ? "OWNER_SOLIDARITY" : "WORKER_ACTION");
            }
        } else if (kind < 0.9) {
            int workforce = 20 + random.nextInt(400);
            body.put("kind", "WALKOUT");
            body.put("observedAt", Instant.now().minusSeconds(30 + random.nextInt(600)).toString());
            body.put("workplace", Map.of("name", "Workplace " + n, "location", location, "sector", "HEALTHCARE"));
            body.put("type", random.nextBoolean() ? "WALKOUT" : "SICKOUT");
            body.put("participants", random.nextInt(workforce));
            body.put("workforce", workforce);
        } else {
            body.put("kind", "HEADCOUNT");
            body.put("observedAt", Instant.now().minusSeconds(30 + random.nextInt(1200)).toString());
            body.put("rally", Map.of("name", "Rally " + random.nextInt(20), "location", location));
            body.put("headcount", 100 + random.nextInt(60_000));
            body.put("method", random.nextBoolean() ? "DENSITY_ESTIMATE" : "MEDIA");
        }
        return body;
    }

    /**
     * Closed loop: {@code clients} threads, each sending its next report as soon as the last is answered, for the
     * warm-up (then forgotten) and the measured window. Answers the measured window's length in seconds.
     */
    double closedLoop(int clients, Duration warmUp, Duration measured) throws InterruptedException {
        return closedLoop(clients, 1, warmUp, measured);
    }

    /** The closed loop with each client sending batches of {@code batch} reports (1: single reports). */
    double closedLoop(int clients, int batch, Duration warmUp, Duration measured) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                    if (batch == 1) {
                        submitOne();
                    } else {
                        submitBatch(batch);
                    }
                }
            }, "client-" + c);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        reset();
        long measuredStart = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        return (System.nanoTime() - measuredStart) / 1e9;
    }

    /**
     * Open loop: a report every 1/rate seconds whether or not earlier ones were answered (as many reporters do),
     * sent by up to {@code clients} threads, for {@code duration}.
     */
    void openLoop(double rate, int clients, Duration duration) throws InterruptedException {
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "sender");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        long total = (long) (duration.toNanos() / (double) interval);
        for (long i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
            }
            senders.execute(this::submitOne);
        }
        senders.shutdown();
        if (!senders.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) {
            senders.shutdownNow();
        }
    }
}
