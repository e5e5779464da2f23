package org.standstill.bench.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's own timings from its Prometheus scrape, over a window (the difference of two scrapes): how long the
 * server spent on each report request, and how long each request held or waited for a database connection. With
 * the client's latency this is the timing breakdown of a request: queueing before the server, the server, and in it
 * the database.
 */
final class Metrics {

    private final Map<String, Double> samples;

    private Metrics(Map<String, Double> samples) {
        this.samples = samples;
    }

    static Metrics scrape(URI service) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                service.resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                try {
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException ignored) {
                    // not a plain sample
                }
            }
        }
        return new Metrics(samples);
    }

    /** The sum over the samples whose name and labels contain every one of {@code parts}. */
    private double sum(String... parts) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            boolean all = true;
            for (String part : parts) {
                all &= e.getKey().contains(part);
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Mean milliseconds of a timer over the window since {@code before}, and its count. */
    private double[] mean(Metrics before, String timer, String... labels) {
        String[] sumParts = concat(timer + "_sum", labels);
        String[] countParts = concat(timer + "_count", labels);
        double sum = sum(sumParts) - before.sum(sumParts);
        double count = sum(countParts) - before.sum(countParts);
        return new double[]{count == 0 ? Double.NaN : sum / count * 1000, count};
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first + "{";
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** The command service's breakdown of report submissions between {@code before} and this scrape. */
    Map<String, Object> reportBreakdown(Metrics before) {
        Map<String, Object> breakdown = new LinkedHashMap<>();
        double[] server = mean(before, "http_server_requests_seconds", "method=\"POST\"", "uri=\"/api/days/{dayId}/reports\"");
        double[] acquire = mean(before, "hikaricp_connections_acquire_seconds");
        double[] usage = mean(before, "hikaricp_connections_usage_seconds");
        breakdown.put("serverMeanMsPerReport", Stats.round(server[0]));
        breakdown.put("reportRequests", (long) server[1]);
        breakdown.put("connectionAcquireMeanMs", Stats.round(acquire[0]));
        breakdown.put("connectionHeldMeanMs", Stats.round(usage[0]));
        breakdown.put("connectionCheckoutsPerReport", server[1] == 0 ? null : Stats.round(acquire[1] / server[1]));
        breakdown.put("connectionHeldMsPerReport", server[1] == 0 ? null
                : Stats.round(usage[0] * usage[1] / server[1]));
        breakdown.put("poolSize", sum("hikaricp_connections_max{"));
        return breakdown;
    }
}
