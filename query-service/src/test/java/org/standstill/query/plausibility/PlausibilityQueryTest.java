package org.standstill.query.plausibility;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.standstill.query.TestDatabase;
import org.standstill.query.plausibility.PlausibilityRules.Headcount;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plausibility of rallies read from a real PostgreSQL with the query service's own migrations: random histories
 * of headcount versions (corrections moving observedAt in and out of the window, verdicts, retractions, versions
 * recorded after K or above the view's position, another day and other kinds alongside) give exactly what the plain
 * rules give over the reports as known at K.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlausibilityQueryTest {

    static final Instant BASE = Instant.parse("2026-01-23T15:00:00Z");

    record Row(UUID reportId, long position, String dayId, Instant recordedAt, String kind, String subjectId,
               String reporterId, long submittedAt, Instant observedAt, int headcount, String method, Verdict verdict,
               boolean retracted) {
    }

    JdbcClient jdbc;
    PlausibilityQuery query;

    @BeforeAll
    void start() {
        jdbc = JdbcClient.create(TestDatabase.get()); // migrated as the service migrates it
        query = new PlausibilityQuery(jdbc);
    }

    @Test
    void randomHistories_readFromPostgres_areJudgedExactlyAsThePlainRulesJudgeThem() {
        Random random = new Random(2026);
        for (int round = 0; round < 25; round++) {
            String run = UUID.randomUUID().toString().substring(0, 8); // the database may be a shared server's
            String day = "day-" + round + "-" + run;
            List<Row> rows = history(day, random);
            rows.addAll(history("other-" + round + "-" + run, random)); // another day's rallies of the same names
            insert(rows);
            long maxPosition = rows.stream().mapToLong(Row::position).max().orElse(0);
            for (int ask = 0; ask < 12; ask++) {
                Instant at = BASE.plusSeconds(random.nextInt(4 * 3600));
                Instant knownAt = BASE.plusSeconds(random.nextInt(5 * 3600));
                long position = random.nextInt(4) == 0 ? maxPosition : 1 + random.nextInt((int) maxPosition);
                Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;

                Map<String, RallyCheck> read = query.rallies(day, null, at, knownAt, position, mode);
                Map<String, RallyCheck> expected = expected(rows, day, at, knownAt, position, mode);
                assertThat(read).as("round %d at %s known at %s through %d in %s", round, at, knownAt, position, mode)
                        .isEqualTo(expected);
                List<String> some = List.of("rally-0", "rally-2");
                Map<String, RallyCheck> subset = new HashMap<>(expected);
                subset.keySet().retainAll(some);
                assertThat(query.rallies(day, some, at, knownAt, position, mode)).isEqualTo(subset);
            }
        }
    }

    @Test
    void aRallyOfAHeadcountReport_isItsSubject_andOtherKindsHaveNone() {
        UUID headcount = UUID.randomUUID();
        UUID closure = UUID.randomUUID();
        for (Object[] report : List.of(new Object[]{headcount, "HEADCOUNT", "rally-x"}, new Object[]{closure, "CLOSURE", "shop"})) {
            jdbc.sql("""
                    INSERT INTO report_view (report_id, day_id, kind, subject_id, reporter_id, submitted_at, recorded_at,
                                             observed_at, position, changed_at)
                    VALUES (?, 'rally-of', ?, ?, 'r1', 1, now(), now(), 1, now())""")
                    .params(report[0], report[1], report[2]).update();
        }
        assertThat(query.rallyOf("rally-of", headcount)).contains("rally-x");
        assertThat(query.rallyOf("rally-of", closure)).isEmpty();
    }

    /** Reports of three rallies (and some closures), each submitted, then corrected, judged or retracted. */
    private List<Row> history(String day, Random random) {
        List<Row> rows = new ArrayList<>();
        long base = positionBase;
        int reports = 3 + random.nextInt(25);
        for (int r = 0; r < reports; r++) {
            UUID id = UUID.randomUUID();
            boolean closure = random.nextInt(6) == 0;
            String subject = closure ? "shop-" + random.nextInt(3) : "rally-" + random.nextInt(3);
            String reporter = "r" + random.nextInt(6);
            long submitted = base + rows.size() + 1;
            Instant observed = BASE.plusSeconds(random.nextInt(4 * 3600));
            int headcount = random.nextInt(5) == 0 ? 1 + random.nextInt(1_000_000) : 1_000 + random.nextInt(2_000);
            Verdict verdict = Verdict.UNREVIEWED;
            boolean retracted = false;
            Instant recorded = observed.plusSeconds(random.nextInt(1800));
            int versions = 1 + random.nextInt(4);
            for (int v = 0; v < versions; v++) {
                if (v > 0) {
                    switch (random.nextInt(4)) {
                        case 0 -> observed = observed.plusSeconds(random.nextInt(7200) - 3600);
                        case 1 -> headcount = 1 + random.nextInt(100_000);
                        case 2 -> verdict = Verdict.values()[1 + random.nextInt(2)];
                        default -> retracted = random.nextInt(3) == 0;
                    }
                    recorded = recorded.plusSeconds(random.nextInt(2400));
                }
                rows.add(new Row(id, 0, day, recorded, closure ? "CLOSURE" : "HEADCOUNT", subject, reporter, submitted,
                        observed, headcount, closure ? null : "COUNTED", verdict, retracted));
            }
        }
        // Log positions interleave the reports' versions, each report's in its own order.
        List<Row> interleaved = new ArrayList<>();
        Map<UUID, List<Row>> byReport = new LinkedHashMap<>();
        rows.forEach(row -> byReport.computeIfAbsent(row.reportId(), id -> new ArrayList<>()).add(row));
        List<List<Row>> queues = new ArrayList<>(byReport.values());
        while (!queues.isEmpty()) {
            List<Row> queue = queues.get(random.nextInt(queues.size()));
            Row row = queue.remove(0);
            interleaved.add(new Row(row.reportId(), ++positionBase, row.dayId(), row.recordedAt(), row.kind(),
                    row.subjectId(), row.reporterId(), row.submittedAt(), row.observedAt(), row.headcount(), row.method(),
                    row.verdict(), row.retracted()));
            if (queue.isEmpty()) {
                queues.remove(queue);
            }
        }
        return interleaved;
    }

    private long positionBase;

    private void insert(List<Row> rows) {
        for (Row row : rows) {
            jdbc.sql("""
                    INSERT INTO report_version (report_id, position, day_id, recorded_at, event, kind, subject_id,
                                                reporter_id, submitted_at, observed_at, headcount, method, status,
                                                verdict, retracted)
                    VALUES (?, ?, ?, ?, 'X', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(row.reportId(), row.position(), row.dayId(), Timestamp.from(row.recordedAt()), row.kind(),
                            row.subjectId(), row.reporterId(), row.submittedAt(), Timestamp.from(row.observedAt()),
                            row.kind().equals("HEADCOUNT") ? row.headcount() : null, row.method(),
                            row.kind().equals("CLOSURE") ? "CLOSED" : null, row.verdict().name(), row.retracted())
                    .update();
        }
    }

    /** The plain rules over each rally's reports as known at K (their highest version recorded by K, at or below position). */
    private static Map<String, RallyCheck> expected(List<Row> rows, String day, Instant at, Instant knownAt, long position,
                                                    Mode mode) {
        Map<UUID, Row> latest = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.dayId().equals(day) && row.kind().equals("HEADCOUNT") && !row.recordedAt().isAfter(knownAt)
                    && row.position() <= position) {
                latest.merge(row.reportId(), row, (a, b) -> a.position() > b.position() ? a : b);
            }
        }
        Map<String, List<Headcount>> bySubject = new HashMap<>();
        latest.values().forEach(row -> bySubject.computeIfAbsent(row.subjectId(), s -> new ArrayList<>()).add(
                new Headcount(row.reportId(), row.reporterId(), row.submittedAt(), row.observedAt(), row.headcount(),
                        row.method(), row.verdict(), row.retracted())));
        Map<String, RallyCheck> checks = new HashMap<>();
        bySubject.forEach((subject, reports) -> {
            RallyCheck check = PlausibilityRules.check(reports, at, mode);
            if (check.reporters() > 0) {
                checks.put(subject, check);
            }
        });
        return checks;
    }
}
