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

    /** No samples: the state of a service that has just started. */
    static Metrics none() {
        return new Metrics(Map.of());
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

    /**
     * The query service's own account of where a projection's time went since {@code before}: seconds in each step of
     * writing its batches ({@code standstill.projection.write}) and in the batches as a whole, for one target
     * ({@code live} or {@code rebuild}), and the rebuild's phases when there was one.
     */
    Map<String, Object> projectionBreakdown(Metrics before, String target) {
        Map<String, Object> seconds = new java.util.TreeMap<>();
        for (String key : samples.keySet()) {
            if (key.startsWith("standstill_projection_write_seconds_sum{") && key.contains("target=\"" + target + "\"")) {
                String step = key.replaceAll(".*step=\"([^\"]*)\".*", "$1");
                seconds.put("write:" + step, Stats.round(samples.get(key) - before.samples.getOrDefault(key, 0.0)));
            }
            if (key.startsWith("standstill_rebuild_phase_seconds_sum{") && target.equals("rebuild")) {
                String phase = key.replaceAll(".*phase=\"([^\"]*)\".*", "$1");
                seconds.put("phase:" + phase, Stats.round(samples.get(key) - before.samples.getOrDefault(key, 0.0)));
            }
        }
        String batch = "standstill_projection_batch_seconds";
        double[] batches = mean(before, batch, "target=\"" + target + "\"");
        seconds.put("batches", (long) batches[1]);
        seconds.put("batchesSeconds", Double.isNaN(batches[0]) ? 0 : Stats.round(batches[0] * batches[1] / 1000));
        return seconds;
    }
}
