package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Command accepted → WebSocket tally received: posts closures one at a time, paced, to a fresh
 * platform, and times from each 2xx answer to the first tally pushed with that report's position.
 * Usage: {@code freshness [reports=250] [intervalMillis=300]}.
 */
final class Freshness {

    private Freshness() {
    }

    static void run(int reports, Duration interval) throws Exception {
        try (Platform platform = Platform.startForTests()) {
            Api command = new Api(platform.commandUrl());
            String coordinator = command.post("/api/tokens", platform.adminToken(),
                    Map.of("role", "COORDINATOR", "label", "freshness")).body().path("token").asString();
            String day = "freshness-" + UUID.randomUUID().toString().substring(0, 8);
            Instant now = Instant.now();
            command.post("/api/days", coordinator, Map.of("id", day, "name", "Freshness", "city", "Minneapolis",
                    "timeZone", "America/Chicago", "startsAt", now.minus(1, ChronoUnit.HOURS).toString(),
                    "endsAt", now.plus(1, ChronoUnit.DAYS).toString()));
            command.post("/api/days/" + day + "/opening", coordinator, "");
            double[] accepted = new double[reports];
            double[] roundTrip = new double[reports];
            try (LiveTally live = new LiveTally(platform.queryUrl(), coordinator, day)) {
                for (int i = 0; i < reports; i++) {
                    long sent = System.nanoTime();
                    Api.Answer answer = command.post("/api/days/" + day + "/reports", coordinator, Map.of(
                            "reportId", UUID.randomUUID().toString(), "kind", "CLOSURE",
                            "observedAt", Instant.now().minusSeconds(60).toString(),
                            "business", Map.of("name", "Shop " + i, "location", Map.of("lat", 44.95 + i * 1e-4, "lon", -93.26),
                                    "sector", "RETAIL"), "status", "CLOSED"));
                    long answered = System.nanoTime();
                    long position = answer.body().path("position").asLong();
                    JsonNode tally = live.await(t -> t.path("position").asLong() >= position, Duration.ofSeconds(10));
                    long received = System.nanoTime();
                    if (tally == null) {
                        throw new IllegalStateException("No tally pushed for position " + position);
                    }
                    accepted[i] = (received - answered) / 1e6;
                    roundTrip[i] = (received - sent) / 1e6;
                    Thread.sleep(interval.toMillis());
                }
            }
            System.out.printf("%nFreshness over %d closures, one every %d ms (2 cores, embedded PostgreSQL):%n",
                    reports, interval.toMillis());
            System.out.printf("  %-36s %8s %8s %8s%n", "", "p50 ms", "p99 ms", "max ms");
            print("2xx answer -> WebSocket tally", accepted);
            print("request sent -> WebSocket tally", roundTrip);
        }
    }

    private static void print(String label, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-36s %8.1f %8.1f %8.1f%n", label, percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void main(List<String> args) throws Exception {
        run(args.size() > 0 ? Integer.parseInt(args.get(0)) : 250,
                Duration.ofMillis(args.size() > 1 ? Long.parseLong(args.get(1)) : 300));
    }
}
