package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every figure of a tally answer (API.md) as a flat, sorted map from a path such as {@code businesses.closed},
 * {@code businesses.byZone.unzoned.open} or {@code crowd.peakAt} to its value: a Long, an Instant, or null. The
 * same shape is built from the service's JSON answer, from the oracle, and by hand, so that comparing two of them
 * is map equality and a mismatch can name each figure that differs.
 */
final class Figures {

    static final List<String> SECTORS = List.of("RETAIL", "FOOD_SERVICE", "HOSPITALITY", "HEALTHCARE", "EDUCATION",
            "CULTURE", "TRANSPORT", "MANUFACTURING", "CONSTRUCTION", "GOVERNMENT", "OFFICE", "OTHER");
    static final String UNZONED = "unzoned";
    /** Stands for a figure the answer does not carry at all. */
    static final String MISSING = "(missing)";

    private final SortedMap<String, Object> values;

    private Figures(SortedMap<String, Object> values) {
        this.values = values;
    }

    /** The figures of the service's answer; a figure the answer lacks is {@link #MISSING}. */
    static Figures of(JsonNode tally) {
        SortedMap<String, Object> values = new TreeMap<>();
        JsonNode businesses = tally.path("businesses");
        counts(values, "businesses", businesses);
        for (String map : List.of("bySector", "byZone")) {
            JsonNode entries = businesses.path(map);
            if (!entries.isObject()) {
                values.put("businesses." + map, MISSING);
                continue;
            }
            for (Map.Entry<String, JsonNode> entry : entries.properties()) {
                counts(values, "businesses." + map + "." + entry.getKey(), entry.getValue());
            }
        }
        for (String name : List.of("workplaces", "workers", "students")) {
            values.put("walkouts." + name, number(tally.path("walkouts").path(name)));
        }
        for (String name : List.of("estimate", "low", "high", "rallies", "peak")) {
            values.put("crowd." + name, number(tally.path("crowd").path(name)));
        }
        JsonNode peakAt = tally.path("crowd").path("peakAt");
        values.put("crowd.peakAt", peakAt.isMissingNode() ? MISSING : peakAt.isNull() ? null : instant(peakAt));
        for (String name : List.of("total", "verified", "disputed", "retracted")) {
            values.put("reports." + name, number(tally.path("reports").path(name)));
        }
        return new Figures(values);
    }

    private static void counts(SortedMap<String, Object> values, String path, JsonNode counts) {
        for (String status : List.of("closed", "partial", "open")) {
            values.put(path + "." + status, number(counts.path(status)));
        }
    }

    private static Object number(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return MISSING;
        }
        return node.isIntegralNumber() ? (Object) node.asLong() : node.toString();
    }

    private static Object instant(JsonNode node) {
        try {
            return Instant.parse(node.asString());
        } catch (RuntimeException notAnInstant) {
            return node.toString();
        }
    }

    /** All figures zero, every sector and every zone listed (and {@code unzoned}), no peak. */
    static Builder zero(List<String> zones) {
        return new Builder(zones);
    }

    /** The figures by path. */
    Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** One line per figure that differs: {@code path: expected <this> but was <other>}. */
    List<String> differencesFrom(Figures actual) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(values.keySet());
        paths.addAll(actual.values.keySet());
        for (String path : paths) {
            Object expected = values.containsKey(path) ? values.get(path) : "(not listed)";
            Object was = actual.values.containsKey(path) ? actual.values.get(path) : "(not listed)";
            if (!Objects.equals(expected, was)) {
                differences.add(path + ": expected " + expected + " but was " + was);
            }
        }
        return differences;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Figures figures && values.equals(figures.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** One figure a line, so that two answers printed one after the other can be read side by side. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        values.forEach((path, value) -> text.append("\n  ").append(path).append(" = ").append(value));
        return text.append("\n}").toString();
    }

    /** Figures built up from zero, by hand in a test or by the oracle. */
    static final class Builder {

        private final SortedMap<String, Object> values = new TreeMap<>();

        private Builder(List<String> zones) {
            set("businesses", 0, 0, 0);
            SECTORS.forEach(sector -> set("businesses.bySector." + sector, 0, 0, 0));
            zones.forEach(zone -> set("businesses.byZone." + zone, 0, 0, 0));
            set("businesses.byZone." + UNZONED, 0, 0, 0);
            walkouts(0, 0, 0);
            crowd(0, 0, 0, 0, 0, null);
            reports(0, 0, 0, 0);
        }

        Builder businesses(long closed, long partial, long open) {
            return set("businesses", closed, partial, open);
        }

        Builder sector(String sector, long closed, long partial, long open) {
            requireListed("businesses.bySector." + sector);
            return set("businesses.bySector." + sector, closed, partial, open);
        }

        Builder zone(String zone, long closed, long partial, long open) {
            requireListed("businesses.byZone." + zone);
            return set("businesses.byZone." + zone, closed, partial, open);
        }

        /** Adds one business of {@code status} (CLOSED, PARTIAL or OPEN) to the totals, its sector and its zone. */
        Builder business(String status, String sector, String zone) {
            String field = status.toLowerCase(java.util.Locale.ROOT);
            for (String path : List.of("businesses", "businesses.bySector." + sector, "businesses.byZone." + zone)) {
                requireListed(path + "." + field);
                values.put(path + "." + field, (Long) values.get(path + "." + field) + 1);
            }
            return this;
        }

        Builder walkouts(long workplaces, long workers, long students) {
            values.put("walkouts.workplaces", workplaces);
            values.put("walkouts.workers", workers);
            values.put("walkouts.students", students);
            return this;
        }

        Builder crowd(long estimate, long low, long high, long rallies, long peak, Instant peakAt) {
            values.put("crowd.estimate", estimate);
            values.put("crowd.low", low);
            values.put("crowd.high", high);
            values.put("crowd.rallies", rallies);
            values.put("crowd.peak", peak);
            values.put("crowd.peakAt", peakAt);
            return this;
        }

        Builder reports(long total, long verified, long disputed, long retracted) {
            values.put("reports.total", total);
            values.put("reports.verified", verified);
            values.put("reports.disputed", disputed);
            values.put("reports.retracted", retracted);
            return this;
        }

        Figures build() {
            return new Figures(new TreeMap<>(values));
        }

        private Builder set(String path, long closed, long partial, long open) {
            values.put(path + ".closed", closed);
            values.put(path + ".partial", partial);
            values.put(path + ".open", open);
            return this;
        }

        private void requireListed(String path) {
            if (!values.containsKey(path) && !values.containsKey(path + ".closed")) {
                throw new IllegalArgumentException("No such figure: " + path);
            }
        }
    }
}
