package org.standstill.bench.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) of a set of measurements. */
record Stats(long count, double p50, double p90, double p99, double max, double mean) {

    static Stats of(double[] values) {
        if (values.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    static Stats of(java.util.Collection<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    private static double rank(double[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50", round(p50));
        map.put("p90", round(p90));
        map.put("p99", round(p99));
        map.put("max", round(max));
        map.put("mean", round(mean));
        return map;
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
    }

    /** To three decimals: for ratios. */
    static double round3(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? Double.NaN : Math.round(value * 1000) / 1000.0;
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.1f", value);
    }
}
