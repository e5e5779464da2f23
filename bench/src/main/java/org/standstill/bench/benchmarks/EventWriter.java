package org.standstill.bench.benchmarks;

import com.uber.h3core.H3Core;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.standstill.api.audit.ChainHash;
import org.standstill.bench.Api;
import org.standstill.bench.simulator.TwinCities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Writes a day of report events straight into the event store with JDBC (COPY), in the format the command service
 * writes them: the same table and columns, the payload JSON of the api event records field for field, the aggregate
 * type, payload type and revision, the timestamp format, the metadata keys, and the tamper-evident chain (the
 * {@code hash} and {@code previousHash} of {@link ChainHash}, per report aggregate, sequence numbers from 0). What is
 * not known in advance is learnt from events the command service wrote for real reports posted over HTTP (the
 * templates), and checked against them: the rebuilt hash of every template must equal the stored one, and the field
 * layout of each payload type must be the same. Subject ids are derived as the command service derives them (day,
 * normalized name, H3 cell at resolution 9).
 *
 * <p>The day is national (May Day 2026): businesses, workplaces and rallies in 30 metro areas; for every report,
 * 6 % are corrected, 20 % given a verdict (15 % of those DISPUTED), 2 % retracted.
 */
final class EventWriter {

    static final DateTimeFormatter STORED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern STORED_SHAPE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String PACKAGE = "org.standstill.api.report.";
    private static final double[][] METROS = {
            {44.977, -93.265}, {40.713, -74.006}, {34.052, -118.244}, {41.878, -87.630}, {29.760, -95.370},
            {33.449, -112.074}, {39.953, -75.165}, {29.424, -98.494}, {32.716, -117.161}, {32.777, -96.797},
            {37.774, -122.419}, {30.267, -97.743}, {47.606, -122.332}, {39.739, -104.990}, {38.907, -77.037},
            {42.360, -71.059}, {36.162, -86.781}, {45.505, -122.675}, {42.331, -83.046}, {39.768, -86.158},
            {35.227, -80.843}, {43.039, -87.906}, {38.627, -90.199}, {39.099, -94.578}, {40.441, -79.996},
            {41.499, -81.694}, {33.749, -84.388}, {25.762, -80.192}, {44.954, -93.090}, {36.170, -115.140}};

    /** What the command service's own rows say about the format. */
    record Format(String aggregateType, String revision, List<String> metadataKeys, Map<String, String> metadataShared,
                  Map<String, List<String>> fieldsByType, List<String> checks) {
    }

    private final String dayId;
    private final Instant startsAt;
    private final Instant until;
    private final long seed;
    private final H3Core h3;
    private Format format;

    /** A writer of events of {@code dayId} recorded (timestamped) from {@code startsAt} up to {@code until}. */
    EventWriter(String dayId, Instant startsAt, Instant until, long seed) throws IOException {
        this.dayId = dayId;
        this.startsAt = startsAt;
        this.until = until;
        this.seed = seed;
        this.h3 = H3Core.newInstance();
    }

    // --- learning the format from the command service's rows ------------------------------------------------

    /**
     * Reads the rows the command service wrote for the template reports, checks that this writer would write them the
     * same way, and keeps what it needs (aggregate type, revision, metadata keys). Throws if a check fails.
     */
    Format learn(Connection connection, List<UUID> templateReports, Map<UUID, String> subjectIdsAnswered)
            throws SQLException {
        List<String> checks = new ArrayList<>();
        String aggregateType = null;
        String revision = null;
        List<String> metadataKeys = null;
        Map<String, String> shared = new LinkedHashMap<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        try (PreparedStatement rows = connection.prepareStatement("""
                SELECT aggregateidentifier, sequencenumber, type, metadata, payload, payloadrevision, payloadtype, timestamp
                FROM domainevententry WHERE aggregateidentifier = ANY (?) ORDER BY globalindex""")) {
            rows.setArray(1, connection.createArrayOf("varchar", templateReports.stream().map(UUID::toString).toArray()));
            try (ResultSet rs = rows.executeQuery()) {
                while (rs.next()) {
                    String aggregate = rs.getString(1);
                    long sequence = rs.getLong(2);
                    byte[] payload = rs.getBytes(5);
                    String type = rs.getString(7);
                    String timestamp = rs.getString(8);
                    JsonNode metadata = Api.JSON.readTree(rs.getBytes(4));
                    String recomputed = ChainHash.of(aggregate, sequence, type, rs.getString(6), timestamp, payload,
                            metadata.path(ChainHash.PREVIOUS).asString());
                    require(recomputed.equals(metadata.path(ChainHash.HASH).asString()), "the chain hash of " + type
                            + " " + aggregate + "/" + sequence + " recomputed from its row");
                    require(STORED_SHAPE.matcher(timestamp).matches(), "timestamp " + timestamp + " has the shape "
                            + STORED_SHAPE.pattern());
                    JsonNode tree = Api.JSON.readTree(payload);
                    require(java.util.Arrays.equals(Api.JSON.writeValueAsBytes(tree), payload),
                            "the payload of " + type + " written back byte for byte");
                    fields.put(type.substring(type.lastIndexOf('.') + 1), layout(tree, ""));
                    aggregateType = rs.getString(3);
                    revision = rs.getString(6);
                    List<String> keys = new ArrayList<>();
                    metadata.propertyNames().forEach(keys::add);
                    if (metadataKeys == null) {
                        metadataKeys = keys;
                        for (String key : keys) {
                            String value = metadata.path(key).asString();
                            if (!key.equals(ChainHash.HASH) && !key.equals(ChainHash.PREVIOUS)) {
                                shared.put(key, UUID_SHAPE.matcher(value).matches() ? "uuid:" + value : value);
                            }
                        }
                    }
                    UUID reportId = UUID.fromString(tree.path("reportId").asString());
                    if (subjectIdsAnswered.containsKey(reportId) && tree.has("subjectId") && sequence == 0) {
                        String derived = subjectId(tree);
                        require(derived.equals(subjectIdsAnswered.get(reportId)), "subject id " + derived
                                + " derived here as the command service derived it ("
                                + subjectIdsAnswered.get(reportId) + ")");
                    }
                }
            }
        }
        require(aggregateType != null, "template rows found");
        for (String type : fields.keySet()) {
            List<String> mine = layout(sample(type), "");
            require(mine.equals(fields.get(type)), "the field layout of " + type + ": the service's " + fields.get(type)
                    + ", this writer's " + mine);
        }
        checks.add("every template row's hash recomputed from the row equals the stored one ("
                + templateReports.size() + " reports)");
        checks.add("payload field layout equal for " + fields.keySet());
        checks.add("subject ids derived as the command service derives them");
        checks.add("timestamps stored as " + STORED_SHAPE.pattern() + "; metadata keys " + metadataKeys);
        format = new Format(aggregateType, revision, metadataKeys, shared, fields, checks);
        return format;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("Event format check failed: " + what);
        }
    }

    /** Field paths of a JSON object, in order, nested objects included. */
    private static List<String> layout(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            paths.add(prefix + field.getKey());
            if (field.getValue().isObject()) {
                paths.addAll(layout(field.getValue(), prefix + field.getKey() + "."));
            }
        }
        return paths;
    }

    /** A payload of this writer's for an event type, to compare layouts. */
    private ObjectNode sample(String type) {
        Report r = new Report(UUID.randomUUID(), "CLOSURE", "r-x", "s", Instant.now(), null);
        return switch (type) {
            case "ClosureReported" -> closureReported(r, "n", new double[]{1, 1}, "RETAIL", "CLOSED", null);
            case "WalkoutReported" -> walkoutReported(r, "n", new double[]{1, 1}, "OFFICE", "WALKOUT", 1, 2);
            case "HeadcountReported" -> headcountReported(r, "n", new double[]{1, 1}, 1, "MEDIA");
            case "ClosureCorrected" -> corrected(r, "ClosureCorrected", "r-x");
            case "WalkoutCorrected" -> corrected(new Report(r.reportId, "WALKOUT", "r", "s", r.observedAt, null), "WalkoutCorrected", "r");
            case "HeadcountCorrected" -> corrected(new Report(r.reportId, "HEADCOUNT", "r", "s", r.observedAt, null), "HeadcountCorrected", "r");
            case "ReportRetracted" -> retracted(r);
            case "VerdictGiven" -> verdict(r, "VERIFIED", "coordinator-x");
            default -> throw new IllegalStateException("no sample of " + type);
        };
    }

    /** The subject id the command service derives for a reported payload. */
    String subjectId(JsonNode reported) {
        for (String kind : new String[]{"business", "workplace"}) {
            JsonNode subject = reported.path(kind);
            if (subject.isObject()) {
                return dayOf(reported) + ":" + kind + ":" + slug(subject.path("name").asString()) + ":"
                        + h3.latLngToCellAddress(subject.path("location").path("lat").asDouble(),
                        subject.path("location").path("lon").asDouble(), 9);
            }
        }
        return dayOf(reported) + ":rally:" + slug(reported.path("rally").path("name").asString());
    }

    private static String dayOf(JsonNode reported) {
        return reported.path("dayId").asString();
    }

    /** Lower case, accents stripped, non-alphanumerics removed, spaces collapsed, then spaces to dashes. */
    static String slug(String name) {
        String stripped = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return stripped.toLowerCase(Locale.ROOT).replaceAll("[^\\p{IsAlphabetic}\\p{IsDigit}\\s]+", "")
                .replaceAll("\\s+", " ").strip().replace(' ', '-');
    }

    // --- payloads, field for field as the api records --------------------------------------------------------

    /** A report being written: what its follow-up events need. */
    private static final class Report {
        final UUID reportId;
        final String kind;
        final String reporterId;
        final String subjectId;
        final Instant observedAt;
        final String note;
        long sequence = -1;
        String lastHash = "";

        Report(UUID reportId, String kind, String reporterId, String subjectId, Instant observedAt, String note) {
            this.reportId = reportId;
            this.kind = kind;
            this.reporterId = reporterId;
            this.subjectId = subjectId;
            this.observedAt = observedAt;
            this.note = note;
        }
    }

    private ObjectNode head(Report r) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("reportId", r.reportId.toString());
        node.put("dayId", dayId);
        return node;
    }

    private ObjectNode reported(Report r) {
        ObjectNode node = head(r);
        node.put("reporterId", r.reporterId);
        node.put("subjectId", r.subjectId);
        node.put("observedAt", r.observedAt.toString());
        return node;
    }

    private static ObjectNode location(double[] p) {
        ObjectNode location = Api.JSON.createObjectNode();
        location.put("lat", p[0]);
        location.put("lon", p[1]);
        return location;
    }

    private ObjectNode closureReported(Report r, String name, double[] p, String sector, String status, String reason) {
        ObjectNode node = reported(r);
        ObjectNode business = node.putObject("business");
        business.putNull("id");
        business.put("name", name);
        business.putNull("address");
        business.set("location", location(p));
        business.put("sector", sector);
        node.put("status", status);
        node.put("reason", reason);
        node.put("note", r.note);
        node.putNull("sealedNote");
        return node;
    }

    private ObjectNode walkoutReported(Report r, String name, double[] p, String sector, String type, int participants,
                                       Integer workforce) {
        ObjectNode node = reported(r);
        ObjectNode workplace = node.putObject("workplace");
        workplace.putNull("id");
        workplace.put("name", name);
        workplace.putNull("employer");
        workplace.set("location", location(p));
        workplace.put("sector", sector);
        node.put("type", type);
        node.put("participants", participants);
        node.put("workforce", workforce);
        node.put("note", r.note);
        node.putNull("sealedNote");
        return node;
    }

    private ObjectNode headcountReported(Report r, String name, double[] p, int headcount, String method) {
        ObjectNode node = reported(r);
        ObjectNode rally = node.putObject("rally");
        rally.putNull("id");
        rally.put("name", name);
        rally.set("location", location(p));
        node.put("headcount", headcount);
        node.put("method", method);
        node.put("note", r.note);
        node.putNull("sealedNote");
        return node;
    }

    private ObjectNode corrected(Report r, String type, String by) {
        ObjectNode node = head(r);
        node.put("correctionId", uuid(new Random(r.reportId.getLeastSignificantBits())).toString());
        node.put("correctedBy", by);
        node.put("observedAt", r.observedAt.toString());
        switch (type) {
            case "ClosureCorrected" -> {
                node.put("status", "PARTIAL");
                node.put("reason", "WORKER_ACTION");
            }
            case "WalkoutCorrected" -> {
                node.put("type", "WALKOUT");
                node.put("participants", 12);
                node.putNull("workforce");
            }
            default -> {
                node.put("headcount", 1500);
                node.put("method", "COUNTED");
            }
        }
        node.put("note", "recounted");
        node.putNull("sealedNote");
        return node;
    }

    private ObjectNode retracted(Report r) {
        ObjectNode node = head(r);
        node.put("retractedBy", r.reporterId);
        return node;
    }

    private ObjectNode verdict(Report r, String verdict, String by) {
        ObjectNode node = head(r);
        node.put("verdict", verdict);
        node.put("note", verdict.equals("DISPUTED") ? "does not match other reports" : null);
        node.put("givenBy", by);
        return node;
    }

    // --- the day -----------------------------------------------------------------------------------------------

    /** A follow-up event waiting for its time. */
    private record Pending(long at, long order, Report report, String step) {
    }

    /**
     * Writes {@code total} events of the day in the order of their timestamps, in COPY batches of 5,000 rows, each
     * batch its own transaction; calls {@code progress} with the number written after each batch. Answers the highest
     * global index written.
     */
    long write(Connection connection, long total, LongConsumer progress) throws SQLException, IOException {
        if (format == null) {
            throw new IllegalStateException("learn the format first");
        }
        CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
        String sql = "COPY domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
                + "payload, payloadrevision, payloadtype, timestamp) FROM STDIN WITH (FORMAT csv)";
        Random random = new Random(seed);
        long submissions = Math.max(1, Math.round(total / 1.28));
        double step = (until.toEpochMilli() - startsAt.toEpochMilli() - 3_600_000.0) / submissions;
        long businesses = Math.max(1, Math.round(submissions * 0.7 / 1.8));
        long workplaces = Math.max(1, Math.round(submissions * 0.2 / 2.0));
        int rallies = 300;
        PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.order, b.order));
        StringBuilder batch = new StringBuilder(1 << 22);
        HexFormat hex = HexFormat.of();
        long written = 0;
        long inBatch = 0;
        long submitted = 0;
        long order = 0;
        long nextSubmission = startsAt.toEpochMilli() + 600_000;
        while (written < total) {
            Pending next = pending.peek();
            ObjectNode payload;
            Report report;
            String type;
            long at;
            if (next == null || nextSubmission <= next.at) {
                at = nextSubmission;
                nextSubmission = startsAt.toEpochMilli() + 600_000 + (long) (++submitted * step
                        + random.nextDouble() * step);
                String reporter = pseudonym(random.nextInt(20_000));
                Instant observed = Instant.ofEpochMilli(Math.max(startsAt.toEpochMilli(), at - 15_000 - random.nextInt(900_000)));
                double kind = random.nextDouble();
                if (kind < 0.7) {
                    long b = (long) (random.nextDouble() * businesses);
                    Random place = new Random(seed * 31 + b);
                    double[] p = near(METROS[(int) (b % METROS.length)], place);
                    String name = TwinCities.FIRST[place.nextInt(TwinCities.FIRST.length)] + " "
                            + (place.nextBoolean() ? "Market" : "Cafe") + " " + b;
                    String subject = dayId + ":business:" + slug(name) + ":" + h3.latLngToCellAddress(p[0], p[1], 9);
                    report = new Report(uuid(random), "CLOSURE", reporter, subject, observed, null);
                    double s = random.nextDouble();
                    String status = s < 0.7 ? "CLOSED" : s < 0.8 ? "PARTIAL" : "OPEN";
                    payload = closureReported(report, name, p, place.nextBoolean() ? "RETAIL" : "FOOD_SERVICE", status,
                            status.equals("OPEN") ? null : "OWNER_SOLIDARITY");
                    type = "ClosureReported";
                } else if (kind < 0.9) {
                    long w = (long) (random.nextDouble() * workplaces);
                    Random place = new Random(seed * 37 + w);
                    double[] p = near(METROS[(int) (w % METROS.length)], place);
                    String name = "Workplace " + w;
                    String subject = dayId + ":workplace:" + slug(name) + ":" + h3.latLngToCellAddress(p[0], p[1], 9);
                    report = new Report(uuid(random), "WALKOUT", reporter, subject, observed, null);
                    int workforce = 20 + place.nextInt(500);
                    payload = walkoutReported(report, name, p, "HEALTHCARE", random.nextBoolean() ? "WALKOUT" : "SICKOUT",
                            random.nextInt(workforce), workforce);
                    type = "WalkoutReported";
                } else {
                    int r = random.nextInt(rallies);
                    String name = "May Day rally " + r;
                    report = new Report(uuid(random), "HEADCOUNT", reporter, dayId + ":rally:" + slug(name), observed, null);
                    payload = headcountReported(report, name, METROS[r % METROS.length], 100 + random.nextInt(50_000),
                            random.nextBoolean() ? "DENSITY_ESTIMATE" : "MEDIA");
                    type = "HeadcountReported";
                }
                long last = at;
                if (random.nextDouble() < 0.06) {
                    last = at + 180_000 + random.nextInt(2_400_000);
                    pending.add(new Pending(last, order++, report, "correct"));
                }
                double end = random.nextDouble();
                if (end < 0.02) {
                    pending.add(new Pending(last + 300_000 + random.nextInt(3_000_000), order++, report, "retract"));
                } else if (end < 0.22) {
                    pending.add(new Pending(at + 300_000 + random.nextInt(5_000_000), order++, report,
                            end < 0.05 ? "dispute" : "verify"));
                }
            } else {
                pending.poll();
                at = next.at;
                report = next.report;
                switch (next.step) {
                    case "correct" -> {
                        type = switch (report.kind) {
                            case "CLOSURE" -> "ClosureCorrected";
                            case "WALKOUT" -> "WalkoutCorrected";
                            default -> "HeadcountCorrected";
                        };
                        payload = corrected(report, type, report.reporterId);
                    }
                    case "retract" -> {
                        type = "ReportRetracted";
                        payload = retracted(report);
                    }
                    default -> {
                        type = "VerdictGiven";
                        payload = verdict(report, next.step.equals("dispute") ? "DISPUTED" : "VERIFIED",
                                "coordinator-" + String.format("%08x", random.nextInt(20)));
                    }
                }
            }
            report.sequence++;
            byte[] bytes = Api.JSON.writeValueAsBytes(payload);
            String timestamp = STORED.format(Instant.ofEpochMilli(Math.min(at, until.toEpochMilli())));
            String payloadType = PACKAGE + type;
            String hash = ChainHash.of(report.reportId.toString(), report.sequence, payloadType, format.revision(),
                    timestamp, bytes, report.lastHash);
            ObjectNode metadata = Api.JSON.createObjectNode();
            Map<String, String> fresh = new HashMap<>();
            for (String key : format.metadataKeys()) {
                if (key.equals(ChainHash.HASH)) {
                    metadata.put(key, hash);
                } else if (key.equals(ChainHash.PREVIOUS)) {
                    metadata.put(key, report.lastHash);
                } else {
                    String template = format.metadataShared().get(key);
                    metadata.put(key, template.startsWith("uuid:")
                            ? fresh.computeIfAbsent(template, t -> uuid(random).toString()) : template);
                }
            }
            report.lastHash = hash;
            batch.append(report.reportId).append(',').append(report.sequence).append(',').append(format.aggregateType())
                    .append(',').append(uuid(random)).append(",\\x").append(hex.formatHex(Api.JSON.writeValueAsBytes(metadata)))
                    .append(",\\x").append(hex.formatHex(bytes)).append(',').append(format.revision()).append(',')
                    .append(payloadType).append(',').append(timestamp).append('\n');
            written++;
            if (++inBatch == 5000 || written == total) {
                copy.copyIn(sql, new StringReader(batch.toString()));
                batch.setLength(0);
                inBatch = 0;
                progress.accept(written);
            }
        }
        try (PreparedStatement max = connection.prepareStatement("SELECT max(globalindex) FROM domainevententry");
             ResultSet rs = max.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double[] near(double[] center, Random random) {
        return new double[]{TwinCities.round(center[0] + random.nextGaussian() * 0.05),
                TwinCities.round(center[1] + random.nextGaussian() * 0.07)};
    }

    private String pseudonym(int index) {
        Random random = new Random(seed * 17 + index);
        StringBuilder name = new StringBuilder("r-");
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        for (int i = 0; i < 12; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    private static UUID uuid(Random random) {
        return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
    }
}
