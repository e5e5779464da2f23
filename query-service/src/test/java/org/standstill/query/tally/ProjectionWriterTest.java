package org.standstill.query.tally;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.BeforeTry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.api.DayEvent;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.api.report.Business;
import org.standstill.api.report.ClosureCorrected;
import org.standstill.api.report.ClosureReason;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.HeadcountCorrected;
import org.standstill.api.report.HeadcountMethod;
import org.standstill.api.report.HeadcountReported;
import org.standstill.api.report.Location;
import org.standstill.api.report.NoteErased;
import org.standstill.api.report.Rally;
import org.standstill.api.report.ReportRetracted;
import org.standstill.api.report.Sector;
import org.standstill.api.report.Verdict;
import org.standstill.api.report.VerdictGiven;
import org.standstill.api.report.WalkoutCorrected;
import org.standstill.api.report.WalkoutReported;
import org.standstill.api.report.WalkoutType;
import org.standstill.api.report.Workplace;
import org.standstill.platform.NoteKeys;
import org.standstill.platform.NoteSeal;
import org.standstill.query.TestDatabase;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection's writer on a real PostgreSQL, over random histories of a day: however the live processor cuts the
 * log into batches, the tables come out the same; a rebuild's replay into fresh tables comes out the same as the live
 * writing; an event fed twice fails its batch and changes nothing. Notes are in plaintext (events stored before notes
 * were sealed) or sealed, and some are erased: the live writer opens a sealed note while its key exists and erases it
 * when the erasure comes; a rebuild, after every erasure, cannot open them — and writes the same tables.
 */
class ProjectionWriterTest {

    static final String DAY = "mpls-2026-01-23";
    static final List<String> TABLES = List.of("day_view", "day_version", "report_view", "report_version",
            "subject_view", "event_index");
    static final Map<String, String> KEYS = Map.of("day_view", "day_id", "day_version", "day_id, position",
            "report_view", "report_id", "report_version", "report_id, position", "subject_view", "day_id, subject_id",
            "event_index", "position");

    private final DataSource dataSource = TestDatabase.get();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    private final MemoryKeys keys = new MemoryKeys();
    private final ProjectionWriter writer = new ProjectionWriter(dataSource, new ObjectMapper().findAndRegisterModules(),
            new SimpleMeterRegistry(), keys, ProjectionWriter.KnownSubjects.NONE);

    /** Note keys in memory, as {@code note_key} holds them. */
    static final class MemoryKeys implements NoteKeys {
        final Map<UUID, byte[]> keys = new HashMap<>();

        @Override
        public byte[] getOrCreate(UUID reportId) {
            return keys.computeIfAbsent(reportId, id -> NoteSeal.newKey());
        }

        @Override
        public Map<UUID, byte[]> find(java.util.Collection<UUID> reportIds) {
            Map<UUID, byte[]> found = new HashMap<>();
            reportIds.stream().filter(keys::containsKey).forEach(id -> found.put(id, keys.get(id)));
            return found;
        }

        @Override
        public void delete(UUID reportId) {
            keys.remove(reportId);
        }

        String seal(UUID reportId, String note) {
            return note == null ? null : NoteSeal.seal(getOrCreate(reportId), reportId, note);
        }
    }

    @BeforeTry
    void emptyTables() {
        keys.keys.clear();
        jdbc.execute("DROP SCHEMA IF EXISTS fresh CASCADE");
        TABLES.forEach(t -> jdbc.execute("TRUNCATE " + t));
    }

    @Property(tries = 12)
    void howTheLogIsCutIntoBatches_changesNothing(@ForAll long seed) {
        List<ProjectionWriter.Stored> log = new History(new Random(seed), keys).events();
        writeLive(log, new Random(seed + 1));
        createFreshSchema();
        inSchema("fresh", () -> cut(log, new Random(seed + 2)).forEach(writer::write));

        assertSameTables();
    }

    /**
     * Events commit out of log order across aggregates (never within one): a report's events whose positions were
     * passed over come after higher ones — a subject first described by a report seen later still ends up described
     * by its first-submitted report.
     */
    @Property(tries = 12)
    void reportsWhoseEventsComeLate_endUpAsInLogOrder(@ForAll long seed) {
        List<ProjectionWriter.Stored> log = new History(new Random(seed), keys).events();
        writeLive(log, new Random(seed + 1));
        createFreshSchema();
        writeArrivingLate(log, seed, writer);

        assertSameTables();
    }

    /**
     * Subjects the writer is told are described already (as the days' in-memory indexes tell it, from committed rows)
     * are not written again, and the tables come out the same: here told from the committed rows themselves, with the
     * events arriving out of log order so that some subjects are described again by an earlier-submitted report.
     */
    @Property(tries = 12)
    void subjectsKnownToBeDescribedAlready_areLeftAlone_andTheTablesComeOutTheSame(@ForAll long seed) {
        writeKnowingSubjects(seed);

        assertSameTables();
    }

    /** The property above, on a history where the writer does leave subjects alone. */
    @Example
    void subjectsKnownToBeDescribedAlready_areLeftAlone_onADayWithSubjectsReportedAgain() {
        int leftAlone = writeKnowingSubjects(7);

        assertSameTables();
        assertThat(leftAlone).as("subjects left alone").isPositive();
    }

    /**
     * Writes the log live, then again into a fresh schema, its events arriving out of log order (so that some subjects
     * are described again by an earlier-submitted report), by a writer told which subjects are described already
     * from the fresh schema's committed rows, as the days' in-memory indexes tell it. How many it was told of.
     */
    private int writeKnowingSubjects(long seed) {
        List<ProjectionWriter.Stored> log = new History(new Random(seed), keys).events();
        writeLive(log, new Random(seed + 1));
        createFreshSchema();
        int[] told = {0};
        ProjectionWriter knowing = new ProjectionWriter(dataSource, new ObjectMapper().findAndRegisterModules(),
                new SimpleMeterRegistry(), keys, (day, subject, position) -> {
                    // outside the batch's transaction: only what committed
                    boolean known = jdbc.queryForObject("SELECT count(*) FROM fresh.subject_view WHERE day_id = ?"
                            + " AND subject_id = ? AND first_submitted <= ?", Long.class, day, subject, position) > 0;
                    told[0] += known ? 1 : 0;
                    return known;
                });
        writeArrivingLate(log, seed, knowing);
        return told[0];
    }

    /**
     * Writes the log into the fresh schema as several segments would: the events of a third of the reports come after
     * all the others (each batch in log order), in batches of random sizes.
     */
    private void writeArrivingLate(List<ProjectionWriter.Stored> log, long seed, ProjectionWriter into) {
        Random random = new Random(seed + 4);
        java.util.Set<String> late = new java.util.HashSet<>();
        log.stream().map(ProjectionWriter.Stored::aggregateId).filter(a -> !a.equals(DAY) && random.nextInt(3) == 0)
                .forEach(late::add);
        List<ProjectionWriter.Stored> arrival = new ArrayList<>(log.stream()
                .filter(e -> !late.contains(e.aggregateId())).toList());
        arrival.addAll(log.stream().filter(e -> late.contains(e.aggregateId())).toList());
        for (List<ProjectionWriter.Stored> batch : cut(arrival, new Random(seed + 5))) {
            List<ProjectionWriter.Stored> inOrder = new ArrayList<>(batch);
            inOrder.sort(java.util.Comparator.comparingLong(ProjectionWriter.Stored::position));
            inSchema("fresh", () -> into.write(inOrder));
        }
    }

    @Property(tries = 12)
    void aRebuildsReplay_leavesTheTablesTheLiveWriterLeaves(@ForAll long seed) {
        List<ProjectionWriter.Stored> log = new History(new Random(seed), keys).events();
        writeLive(log, new Random(seed + 1));
        createFreshSchema();
        ProjectionWriter.KEYED_AFTER_REPLAY.forEach(t -> // as a rebuild has them
                jdbc.execute("ALTER TABLE fresh." + t + " DROP CONSTRAINT " + t + "_pkey"));
        inSchema("fresh", writer::prepareReplay);
        // Remembering few reports: some are remembered from the batch before, the others read back.
        Map<UUID, Long> submitted = new HashMap<>();
        log.stream().filter(e -> e.sequence() == 0 && !e.aggregateId().equals(DAY))
                .forEach(e -> submitted.put(UUID.fromString(e.aggregateId()), e.position()));
        ProjectionWriter.Replay replay = new ProjectionWriter.Replay(new Random(seed + 4).nextInt(4), ids -> {
            Map<UUID, Long> found = new HashMap<>();
            ids.forEach(id -> found.put(id, submitted.get(id)));
            return found;
        });
        for (List<ProjectionWriter.Stored> batch : cut(log, new Random(seed + 3))) {
            inSchema("fresh", () -> writer.replay(batch, replay));
        }
        inSchema("fresh", () -> {
            writer.completeReports(replay);
            writer.completeSubjects();
        });

        assertSameTables();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'fresh'"
                + " AND tablename IN ('subject_seen', 'report_stale')", Long.class)).as("the staging tables are gone")
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_constraint c JOIN pg_namespace n"
                + " ON n.oid = c.connamespace WHERE n.nspname = 'fresh' AND c.contype = 'p'", Long.class))
                .as("every table's primary key").isEqualTo(TABLES.size());
    }

    @Property(tries = 5)
    void anEventFedTwice_failsItsBatch_andChangesNothing(@ForAll long seed) {
        List<ProjectionWriter.Stored> log = new History(new Random(seed), keys).events();
        writeLive(log, new Random(seed + 1));
        Map<String, Long> before = counts();
        List<ProjectionWriter.Stored> again = log.subList(log.size() / 2, log.size());

        assertThatThrownBy(() -> transaction.executeWithoutResult(tx -> writer.write(again)))
                .hasMessageContaining("event_index");

        assertThat(counts()).isEqualTo(before);
    }

    /**
     * The live processor goes on from the token it holds in memory: a batch whose commit a crash of PostgreSQL lost
     * (token and rows together) would never be applied again. So the commit must wait for its flush to disk.
     */
    @Example
    void aLiveBatch_commitsDurably_soACrashCannotLoseWhatTheProcessorMovedPast() {
        List<ProjectionWriter.Stored> log = new History(new Random(7), keys).events();

        String setting = transaction.execute(tx -> {
            jdbc.execute("SET LOCAL synchronous_commit TO on"); // the test database's own default is off
            writer.write(log);
            return jdbc.queryForObject("SELECT current_setting('synchronous_commit')", String.class);
        });

        assertThat(setting).as("synchronous_commit in the batch's transaction").isEqualTo("on");
    }

    @Example
    void aSealedNote_isShownOpened_untilItsErasure_thenIsErasedFromEveryVersion() {
        UUID report = UUID.fromString("5f0c0000-0000-4000-8000-000000000001");
        UUID legacy = UUID.fromString("5f0c0000-0000-4000-8000-000000000002");
        Business shop = new Business("s-1", "Corner Shop", null, new Location(44.95, -93.26), Sector.RETAIL);
        Instant seen = Instant.parse("2026-01-23T15:00:00Z");
        Instant recorded = Instant.parse("2026-01-23T15:00:01Z");
        List<ProjectionWriter.Stored> log = List.of(
                stored(1, DAY, 0, recorded, new DayPlanned(DAY, "Day", "Minneapolis", "America/Chicago",
                        Instant.parse("2026-01-23T12:00:00Z"), Instant.parse("2026-01-24T04:00:00Z"), List.of(), null)),
                stored(2, report.toString(), 0, recorded, new ClosureReported(report, DAY, "r-1", "business:s-1", seen,
                        shop, ClosureStatus.CLOSED, null, null, keys.seal(report, "ask Mai at the side door"))),
                stored(3, legacy.toString(), 0, recorded, new ClosureReported(legacy, DAY, "r-2", "business:s-1", seen,
                        shop, ClosureStatus.CLOSED, null, "stored before notes were sealed")),
                stored(4, report.toString(), 1, recorded, new ClosureCorrected(report, DAY, null, "r-1", seen,
                        ClosureStatus.PARTIAL, null, null, keys.seal(report, "ask Mai at the front"))));
        transaction.executeWithoutResult(tx -> writer.write(log));
        assertThat(notes("report_version")).containsExactly(
                report + " ask Mai at the side door false", legacy + " stored before notes were sealed false",
                report + " ask Mai at the front false");

        keys.delete(report);
        transaction.executeWithoutResult(tx -> writer.write(List.of(
                stored(5, report.toString(), 2, recorded, new NoteErased(report, DAY, "desk-1")),
                stored(6, legacy.toString(), 1, recorded, new NoteErased(legacy, DAY, "desk-1")))));

        assertThat(notes("report_version")).containsExactly(report + " null true", legacy + " null true",
                report + " null true", report + " null true", legacy + " null true");
        assertThat(notes("report_view")).containsExactly(report + " null true", legacy + " null true");
    }

    /** Each row's report, note and whether it is erased, in log order. */
    private List<String> notes(String table) {
        return jdbc.queryForList("SELECT report_id || ' ' || coalesce(note, 'null') || ' ' || note_erased FROM " + table
                + " ORDER BY position", String.class);
    }

    private static ProjectionWriter.Stored stored(long position, String aggregate, long sequence, Instant recorded,
                                                  Object payload) {
        return new ProjectionWriter.Stored(position, "event-" + position, aggregate, sequence, recorded, payload);
    }

    /** The log as the live processor writes it: a report's key is deleted when its erasure is stored, not before. */
    private void writeLive(List<ProjectionWriter.Stored> log, Random random) {
        cut(log, random).forEach(batch -> {
            batch.stream().filter(e -> e.payload() instanceof NoteErased)
                    .forEach(e -> keys.delete(((NoteErased) e.payload()).reportId()));
            transaction.executeWithoutResult(tx -> writer.write(batch));
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report_version", Long.class))
                .as("the history has reports").isPositive();
    }

    /** The log in consecutive batches of random sizes, as a processor takes it. */
    private static List<List<ProjectionWriter.Stored>> cut(List<ProjectionWriter.Stored> log, Random random) {
        List<List<ProjectionWriter.Stored>> batches = new ArrayList<>();
        for (int from = 0; from < log.size(); ) {
            int to = Math.min(log.size(), from + 1 + random.nextInt(random.nextBoolean() ? 5 : 60));
            batches.add(log.subList(from, to));
            from = to;
        }
        return batches;
    }

    private void createFreshSchema() {
        jdbc.execute("CREATE SCHEMA fresh");
        TABLES.forEach(t -> {
            jdbc.execute("CREATE TABLE fresh." + t + " (LIKE public." + t + " INCLUDING ALL EXCLUDING INDEXES)");
            jdbc.execute("ALTER TABLE fresh." + t + " ADD PRIMARY KEY (" + KEYS.get(t) + ")");
        });
    }

    private void inSchema(String schema, Runnable work) {
        transaction.executeWithoutResult(tx -> {
            jdbc.execute("SET LOCAL search_path TO " + schema + ", public");
            work.run();
        });
    }

    private void assertSameTables() {
        for (String table : TABLES) {
            String a = "public." + table;
            String b = "fresh." + table;
            assertThat(jdbc.queryForList("SELECT t::text FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b
                    + ") t LIMIT 3", String.class)).as("rows only in the live " + table).isEmpty();
            assertThat(jdbc.queryForList("SELECT t::text FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a
                    + ") t LIMIT 3", String.class)).as("rows only in the fresh " + table).isEmpty();
        }
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        TABLES.forEach(t -> counts.put(t, jdbc.queryForObject("SELECT count(*) FROM " + t, Long.class)));
        return counts;
    }

    /**
     * A random day in log order: planned and opened, then reports of businesses, workplaces and rallies (a subject
     * often described by several reports, and by different names), corrections, verdicts and retractions; notes and
     * names with tabs, line breaks, backslashes and quotes.
     */
    static final class History {
        private static final String[] AWKWARD = {"plain", "tab\there", "line\nbreak", "back\\slash", "quote'\"",
                "\\N", "crlf\r\n", "émigré café", ""};
        private final Random random;
        private final List<ProjectionWriter.Stored> events = new ArrayList<>();
        private final Map<String, Long> sequences = new HashMap<>();
        private final List<UUID> reports = new ArrayList<>();
        private final Map<UUID, String> kinds = new HashMap<>();
        private final java.util.Set<UUID> erased = new java.util.HashSet<>();
        private final MemoryKeys keys;
        private long position;
        private Instant recorded = Instant.parse("2026-01-23T12:00:00.123Z");

        History(Random random, MemoryKeys keys) {
            this.random = random;
            this.keys = keys;
        }

        List<ProjectionWriter.Stored> events() {
            add(DAY, new DayPlanned(DAY, "Day of Truth & Freedom", "Minneapolis", "America/Chicago",
                    Instant.parse("2026-01-23T12:00:00Z"), Instant.parse("2026-01-24T04:00:00Z"), List.of(), null));
            add(DAY, new DayOpened(DAY));
            int n = 20 + random.nextInt(150);
            for (int i = 0; i < n; i++) {
                int what = random.nextInt(10);
                if (what < 5 || reports.isEmpty()) {
                    submit();
                } else {
                    UUID report = reports.get(random.nextInt(reports.size()));
                    if (what < 7) {
                        correct(report);
                    } else if (what < 9) {
                        add(report.toString(), new VerdictGiven(report, DAY,
                                random.nextBoolean() ? Verdict.VERIFIED : Verdict.DISPUTED, awkward(), "desk-1"));
                    } else if (random.nextBoolean()) {
                        add(report.toString(), new ReportRetracted(report, DAY, "reporter-1"));
                    } else if (erased.add(report)) {
                        add(report.toString(), new NoteErased(report, DAY, "desk-1"));
                    }
                }
            }
            return events;
        }

        private void submit() {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            String subject = "s-" + random.nextInt(12);
            String reporter = "reporter-" + random.nextInt(5);
            Instant observed = observed();
            Location where = new Location(44.9 + random.nextInt(100) / 1000.0, -93.2 - random.nextInt(100) / 1000.0);
            String name = "Place " + subject + " " + awkward();
            // Half the notes in plaintext, as events stored before notes were sealed; the other half sealed.
            boolean sealing = random.nextBoolean();
            String text = awkward();
            String note = sealing ? null : text;
            String sealedNote = sealing ? keys.seal(id, text) : null;
            switch (Integer.parseInt(subject.substring(2)) % 3) {
                case 0 -> add(id.toString(), new ClosureReported(id, DAY, reporter, "business:" + subject, observed,
                        new Business(subject, name, "1 Main St", where, Sector.values()[random.nextInt(3)]),
                        ClosureStatus.values()[random.nextInt(3)], random.nextBoolean() ? null
                        : ClosureReason.values()[random.nextInt(4)], note, sealedNote));
                case 1 -> add(id.toString(), new WalkoutReported(id, DAY, reporter, "workplace:" + subject, observed,
                        new Workplace(subject, name, "Employer", where, Sector.values()[random.nextInt(3)]),
                        WalkoutType.values()[random.nextInt(3)], random.nextInt(500),
                        random.nextBoolean() ? null : 500 + random.nextInt(500), note, sealedNote));
                default -> add(id.toString(), new HeadcountReported(id, DAY, reporter, "rally:" + subject, observed,
                        new Rally(subject, name, where), random.nextInt(100_000),
                        HeadcountMethod.values()[random.nextInt(7)], note, sealedNote));
            }
            reports.add(id);
            kinds.put(id, subject);
        }

        private void correct(UUID report) {
            UUID correction = new UUID(random.nextLong(), random.nextLong());
            // After an erasure a correction carries no note; before it, sealed, or now and then in plaintext.
            String text = erased.contains(report) ? null : awkward();
            boolean plain = random.nextInt(4) == 0;
            String note = plain ? text : null;
            String sealedNote = plain ? null : keys.seal(report, text);
            switch (Integer.parseInt(kinds.get(report).substring(2)) % 3) {
                case 0 -> add(report.toString(), new ClosureCorrected(report, DAY, correction, "reporter-1", observed(),
                        ClosureStatus.values()[random.nextInt(3)], null, note, sealedNote));
                case 1 -> add(report.toString(), new WalkoutCorrected(report, DAY, correction, "reporter-1", observed(),
                        WalkoutType.values()[random.nextInt(3)], random.nextInt(500), null, note, sealedNote));
                default -> add(report.toString(), new HeadcountCorrected(report, DAY, correction, "reporter-1",
                        observed(), random.nextInt(100_000), HeadcountMethod.COUNTED, note, sealedNote));
            }
        }

        private Instant observed() {
            return Instant.parse("2026-01-23T12:00:00Z").plusMillis(random.nextInt(16 * 3600) * 1000L
                    + random.nextInt(1000)).plusNanos(random.nextInt(1000) * 1000L);
        }

        private String awkward() {
            return random.nextInt(4) == 0 ? null : AWKWARD[random.nextInt(AWKWARD.length)];
        }

        private void add(String aggregate, DayEvent payload) {
            position += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0); // positions have gaps
            recorded = recorded.plus(Duration.ofMillis(random.nextInt(5_000)));
            long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
            events.add(new ProjectionWriter.Stored(position, UUID.randomUUID().toString(), aggregate, sequence,
                    recorded, payload));
        }
    }
}
