package org.standstill.query.tally;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.standstill.api.DayEvent;
import org.standstill.api.campaign.CampaignCreated;
import org.standstill.api.day.CampaignChosen;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.api.day.Zone;
import org.standstill.api.day.ZonesReplaced;
import org.standstill.api.report.ClosureCorrected;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.HeadcountCorrected;
import org.standstill.api.report.HeadcountReported;
import org.standstill.api.report.Location;
import org.standstill.api.report.NoteErased;
import org.standstill.api.report.ReportRetracted;
import org.standstill.api.report.Sector;
import org.standstill.api.report.VerdictGiven;
import org.standstill.api.report.WalkoutCorrected;
import org.standstill.api.report.WalkoutReported;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.postgresql.PGConnection;
import org.standstill.platform.NoteKeys;
import org.standstill.platform.NoteSeal;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch of the log's events into the read tables in one go: it folds the batch in memory (each report's
 * state after each of its events, each subject's first-submitted description) and writes every table with one
 * multi-row statement (PostgreSQL arrays, {@code unnest}), in the caller's transaction — the live processor's, with
 * its token, or a rebuild's. The only reads are one query for the reports the batch changes but did not create (in a
 * rebuild, for those of them it does not remember).
 *
 * <p>An event at or below the position a report's row already reflects changes nothing; rows that are only ever
 * appended (each report version, each event's place in the index) go in by binary {@code COPY}, and one that is there
 * already fails the batch — the processor halts rather than count an event twice.
 *
 * <p>Notes: an event carries its note sealed with the report's key ({@link NoteSeal}; or, if stored before notes were
 * sealed, in plaintext). The writer opens sealed notes with the keys of the batch's reports, read at once; a note it
 * cannot open (its key is deleted) is shown as erased ({@code note} null, {@code note_erased}). A report's
 * {@link NoteErased} erases its note from every version of it, so the rows are the same whether the note was opened
 * before the erasure (live) or could not be opened any more (a rebuild after it).
 */
@Component
public class ProjectionWriter {

    /** One event of the log at its own global index. */
    public record Stored(long position, String eventId, String aggregateId, long sequence, Instant recordedAt,
                         Object payload) {
    }

    /**
     * What the live writer may know of subjects without asking PostgreSQL: that a subject is described already by a
     * submission at or before a position, so a report submitted there leaves its row alone. Only what was committed may
     * be known so (a subject's {@code first_submitted} only ever moves earlier). {@link DayIndexes} knows it of the
     * days it holds in memory — the days dashboards watch, which are the days being written.
     */
    @FunctionalInterface
    public interface KnownSubjects {
        KnownSubjects NONE = (dayId, subjectId, position) -> false;

        boolean describedBefore(String dayId, String subjectId, long position);
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final NoteKeys keys;
    private final KnownSubjects known;

    ProjectionWriter(DataSource dataSource, ObjectMapper defaultAxonObjectMapper, MeterRegistry meters, NoteKeys keys,
                     KnownSubjects known) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = defaultAxonObjectMapper;
        this.meters = meters;
        this.keys = keys;
        this.known = known;
    }

    /** A step of writing a batch, timed: {@code standstill.projection.write{step, target=live|rebuild}}. */
    private interface Step {
        void run() throws SQLException;
    }

    private void timed(String target, String step, Step work) throws SQLException {
        long started = System.nanoTime();
        try {
            work.run();
        } finally {
            Timer.builder("standstill.projection.write").tag("step", step).tag("target", target).register(meters)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** A report as it stands ({@code report_view}). */
    private static final class Row {
        UUID reportId;
        String dayId;
        String kind;
        String subjectId;
        String reporterId;
        long submittedAt;
        Instant recordedAt;
        Instant observedAt;
        String status;
        String reason;
        String type;
        Integer participants;
        Integer workforce;
        Integer headcount;
        String method;
        String note;
        boolean noteErased;
        String verdict = "UNREVIEWED";
        boolean retracted;
        long position;
        Instant changedAt;

        Row copy() {
            Row r = new Row();
            r.reportId = reportId;
            r.dayId = dayId;
            r.kind = kind;
            r.subjectId = subjectId;
            r.reporterId = reporterId;
            r.submittedAt = submittedAt;
            r.recordedAt = recordedAt;
            r.observedAt = observedAt;
            r.status = status;
            r.reason = reason;
            r.type = type;
            r.participants = participants;
            r.workforce = workforce;
            r.headcount = headcount;
            r.method = method;
            r.note = note;
            r.noteErased = noteErased;
            r.verdict = verdict;
            r.retracted = retracted;
            r.position = position;
            r.changedAt = changedAt;
            return r;
        }
    }

    private record Version(Row row, String event) {
    }

    private record SubjectRow(String dayId, String subjectId, String kind, String name, String sector, double lat,
                              double lon, long firstSubmitted) {
    }

    /** Applies the events, in log order, in the current transaction; tells live views which days changed. */
    public void write(List<Stored> events) {
        run(events, null);
    }

    /**
     * What a rebuild's replay carries from one batch to the next: the row of each of the reports it changed most
     * recently, as it stands, at most {@code capacity} of them. A report's row is appended to {@code report_view} when
     * it is forgotten (the least recently changed first) and, for those still remembered, at the end. Most events of a
     * report come soon after it was submitted, so most batches find every report they change here and most rows are
     * written once; a report changed again after it was forgotten is read back from {@code report_version}, found by
     * the position of its submission ({@code submitted_at}, which {@code submissions} answers from the log), and the
     * row it had is set aside ({@code report_stale}) to be deleted at the end. One replay's, fed its batches in log
     * order by one thread; a batch that fails fails the rebuild, and this with it.
     */
    public static final class Replay {
        private final Map<UUID, Row> recent;
        private final Submissions submissions;
        /** Forgotten while the batch is written: their rows are written with it. */
        private final List<Row> forgotten = new ArrayList<>();

        public Replay(int capacity, Submissions submissions) {
            this.submissions = submissions;
            this.recent = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Row> eldest) {
                    if (size() > capacity) {
                        forgotten.add(eldest.getValue());
                        return true;
                    }
                    return false;
                }
            };
        }
    }

    /** Where reports were submitted: the position of each one's first event, for those the log holds. */
    @FunctionalInterface
    public interface Submissions {
        Map<UUID, Long> of(Collection<UUID> reportIds);
    }

    /**
     * The tables a replay writes into without their primary key, which {@link #completeReports} and
     * {@link #completeSubjects} build in one sort: a version or a report's row inserted into the index of a random key
     * costs more than appending the row.
     */
    public static final Set<String> KEYED_AFTER_REPLAY = Set.of("report_version", "report_view", "subject_view");

    /**
     * In the current transaction, what a replay into the tables on the search path needs beside them:
     * {@code subject_seen}, where every description of a subject is appended; {@code report_stale}, the rows of
     * {@code report_view} written again; the index by submission that finds a forgotten report's versions.
     */
    public void prepareReplay() {
        jdbc.update("CREATE UNLOGGED TABLE subject_seen (LIKE subject_view)");
        jdbc.update("CREATE UNLOGGED TABLE report_stale (report_id UUID NOT NULL, position BIGINT NOT NULL)");
        jdbc.update("CREATE INDEX report_version_submitted ON report_version (submitted_at)");
    }

    /**
     * A rebuild's way in: applies the events, in log order, in the current transaction, to fresh tables on the
     * search path prepared by {@link #prepareReplay} — each report's versions, the event index, every description of a
     * subject (into {@code subject_seen}), the rows of the reports it forgets — and nothing is announced.
     * {@link #completeReports} and {@link #completeSubjects} then complete the tables as {@link #write} would have left
     * them. The batches of one replay share its {@link Replay}.
     */
    public void replay(List<Stored> events, Replay replay) {
        run(events, java.util.Objects.requireNonNull(replay));
    }

    /**
     * After a replay, in the current transaction: the rows of the reports still remembered, and the primary keys of
     * {@code report_view} and {@code report_version}, built in one sort each (failing if a version or a report's row
     * was written twice, as appending it would have in the live tables). Touches no table that
     * {@link #completeSubjects} does: the two can run at once, in transactions of their own.
     */
    public void completeReports(Replay replay) {
        jdbc.execute((ConnectionCallback<Void>) c -> {
            // A COPY at a time of as many rows as a batch writes: no buffer the size of all that is remembered.
            List<Row> remembered = new ArrayList<>(replay.recent.values());
            replay.recent.clear();
            timed("rebuild", "complete:reports", () -> {
                for (int from = 0; from < remembered.size(); from += 5000) {
                    appendReports(c, remembered.subList(from, Math.min(remembered.size(), from + 5000)));
                }
            });
            timed("rebuild", "complete:stale", () -> {
                try (Statement statement = c.createStatement()) {
                    statement.executeUpdate("""
                            DELETE FROM report_view v USING report_stale s
                            WHERE v.report_id = s.report_id AND v.position = s.position""");
                    statement.executeUpdate("DROP TABLE report_stale");
                }
            });
            timed("rebuild", "complete:keys", () -> {
                try (Statement statement = c.createStatement()) {
                    statement.executeUpdate("ALTER TABLE report_view ADD PRIMARY KEY (report_id)");
                    statement.executeUpdate("DROP INDEX report_version_submitted");
                    statement.executeUpdate("ALTER TABLE report_version ADD PRIMARY KEY (report_id, position)");
                }
            });
            return null;
        });
    }

    /**
     * After a replay, in the current transaction: each subject's row, its first-submitted description, keyed once
     * they are in.
     */
    public void completeSubjects() {
        jdbc.execute((ConnectionCallback<Void>) c -> {
            timed("rebuild", "complete:subjects", () -> {
                try (Statement statement = c.createStatement()) {
                    // Sorted byte by byte (the same groups as by the columns' collation, which is deterministic),
                    // and keyed once they are in.
                    statement.executeUpdate("""
                            INSERT INTO subject_view (day_id, subject_id, kind, name, sector, lat, lon, first_submitted)
                            SELECT DISTINCT ON (day_id COLLATE "C", subject_id COLLATE "C") day_id, subject_id, kind,
                                name, sector, lat, lon, first_submitted
                            FROM subject_seen
                            ORDER BY day_id COLLATE "C", subject_id COLLATE "C", first_submitted""");
                    statement.executeUpdate("DROP TABLE subject_seen");
                    statement.executeUpdate("ALTER TABLE subject_view ADD PRIMARY KEY (day_id, subject_id)");
                }
            });
            return null;
        });
    }

    private void run(List<Stored> events, Replay replay) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            apply(connection, events, replay);
            return null;
        });
    }

    /** Applies a batch: live when {@code state} is null, else as a step of that replay. */
    private void apply(Connection c, List<Stored> events, Replay state) throws SQLException {
        long started = System.nanoTime();
        boolean replay = state != null;
        String target = replay ? "rebuild" : "live";
        Map<UUID, Row> reports = new LinkedHashMap<>();
        Map<UUID, byte[]> noteKeys = new java.util.HashMap<>();
        timed(target, "read", () -> {
            reports.putAll(replay ? replayed(c, events, state) : existing(c, reportIds(events)));
            noteKeys.putAll(keysOfSealedNotes(events));
        });
        Set<UUID> stored = replay ? Set.of() : new java.util.HashSet<>(reports.keySet());
        Set<UUID> erased = new LinkedHashSet<>();
        Map<String, SubjectRow> subjects = new LinkedHashMap<>();
        List<Version> versions = new ArrayList<>();
        Map<String, long[]> days = new LinkedHashMap<>(); // {first, last} position of each day's events
        List<Stored> indexed = new ArrayList<>();
        List<Stored> dayEvents = new ArrayList<>();
        List<Stored> campaigns = new ArrayList<>();
        for (Stored e : events) {
            if (!(e.payload() instanceof DayEvent dayEvent)) {
                if (e.payload() instanceof CampaignCreated) {
                    campaigns.add(e);
                }
                continue;
            }
            indexed.add(e);
            days.merge(dayEvent.dayId(), new long[]{e.position(), e.position()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            Object p = e.payload();
            if (p instanceof ClosureReported r) {
                submitted(reports, subjects, versions, e, r.reportId(), r.dayId(), "CLOSURE", r.subjectId(),
                        r.reporterId(), r.observedAt(), note(noteKeys, r.reportId(), r.note(), r.sealedNote()),
                        r.business().name(), r.business().sector(),
                        r.business().location(), row -> {
                            row.status = r.status().name();
                            row.reason = r.reason() == null ? null : r.reason().name();
                        }, "ClosureReported");
            } else if (p instanceof WalkoutReported r) {
                submitted(reports, subjects, versions, e, r.reportId(), r.dayId(), "WALKOUT", r.subjectId(),
                        r.reporterId(), r.observedAt(), note(noteKeys, r.reportId(), r.note(), r.sealedNote()),
                        r.workplace().name(), r.workplace().sector(),
                        r.workplace().location(), row -> {
                            row.type = r.type().name();
                            row.participants = r.participants();
                            row.workforce = r.workforce();
                        }, "WalkoutReported");
            } else if (p instanceof HeadcountReported r) {
                submitted(reports, subjects, versions, e, r.reportId(), r.dayId(), "HEADCOUNT", r.subjectId(),
                        r.reporterId(), r.observedAt(), note(noteKeys, r.reportId(), r.note(), r.sealedNote()),
                        r.rally().name(), null, r.rally().location(), row -> {
                            row.headcount = r.headcount();
                            row.method = r.method().name();
                        }, "HeadcountReported");
            } else if (p instanceof ClosureCorrected r) {
                changed(reports, versions, e, r.reportId(), "ClosureCorrected", row -> {
                    corrected(row, r.observedAt(), note(noteKeys, r.reportId(), r.note(), r.sealedNote()));
                    row.status = r.status().name();
                    row.reason = r.reason() == null ? null : r.reason().name();
                });
            } else if (p instanceof WalkoutCorrected r) {
                changed(reports, versions, e, r.reportId(), "WalkoutCorrected", row -> {
                    corrected(row, r.observedAt(), note(noteKeys, r.reportId(), r.note(), r.sealedNote()));
                    row.type = r.type().name();
                    row.participants = r.participants();
                    row.workforce = r.workforce();
                });
            } else if (p instanceof HeadcountCorrected r) {
                changed(reports, versions, e, r.reportId(), "HeadcountCorrected", row -> {
                    corrected(row, r.observedAt(), note(noteKeys, r.reportId(), r.note(), r.sealedNote()));
                    row.headcount = r.headcount();
                    row.method = r.method().name();
                });
            } else if (p instanceof ReportRetracted r) {
                changed(reports, versions, e, r.reportId(), "ReportRetracted", row -> row.retracted = true);
            } else if (p instanceof VerdictGiven r) {
                changed(reports, versions, e, r.reportId(), "VerdictGiven", row -> row.verdict = r.verdict().name());
            } else if (p instanceof NoteErased r) {
                changed(reports, versions, e, r.reportId(), "NoteErased", row -> {
                    row.note = null;
                    row.noteErased = true;
                });
                erased.add(r.reportId());
            } else if (p instanceof DayPlanned || p instanceof ZonesReplaced || p instanceof DayOpened
                    || p instanceof DayClosed || p instanceof CampaignChosen) {
                dayEvents.add(e); // written with the days, below
            }
            // reporters' and checkpoints' events are only indexed
        }
        timed(target, "index", () -> writeIndex(c, indexed));
        timed(target, "versions", () -> {
            writeVersions(c, versions);
            eraseNotes(c, erased, reports);
        });
        if (replay) {
            timed(target, "subjects", () -> copySubjects(c, subjects.values()));
        } else {
            timed(target, "reports", () -> writeReports(c, versions, stored));
            timed(target, "subjects", () -> writeSubjects(c, subjects.values().stream()
                    .filter(d -> !known.describedBefore(d.dayId(), d.subjectId(), d.firstSubmitted())).toList()));
        }
        timed(target, "days", () -> {
            writeCampaigns(c, campaigns);
            lockDays(c, days.keySet());
            for (Stored e : dayEvents) {
                applyDayEvent(c, e);
            }
            writeDays(c, days, replay);
        });
        if (replay) {
            // In log order: the reports changed last are the last remembered, and forgotten last.
            Set<UUID> changed = new LinkedHashSet<>();
            for (Version v : versions) {
                changed.remove(v.row().reportId);
                changed.add(v.row().reportId);
            }
            reports.forEach((id, row) -> {
                if (!changed.contains(id)) {
                    state.recent.put(id, row); // taken out, but nothing changed it
                }
            });
            for (UUID id : changed) {
                state.recent.put(id, reports.get(id));
            }
            List<Row> forgotten = new ArrayList<>(state.forgotten);
            state.forgotten.clear();
            timed(target, "reports", () -> appendReports(c, forgotten));
        }
        Timer.builder("standstill.projection.batch").tag("target", target)
                .register(meters).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The report ids of the batch's events, in order. */
    private static Set<UUID> reportIds(List<Stored> events) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Stored e : events) {
            UUID id = reportIdOf(e.payload());
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * In a replay, the rows of the reports the batch changes but did not create, as they stand before it: remembered
     * from the batches before, or read back from each one's versions, found by its submission. A report the batch submits is not looked for: the log is replayed once, in order, so nothing of it
     * can have been written before its submission (its first event).
     */
    private Map<UUID, Row> replayed(Connection c, List<Stored> events, Replay state) throws SQLException {
        Set<UUID> submitted = new java.util.HashSet<>();
        Map<UUID, Row> rows = new LinkedHashMap<>();
        Set<UUID> missing = new LinkedHashSet<>();
        for (Stored e : events) {
            Object p = e.payload();
            UUID id = reportIdOf(p);
            if (id == null || rows.containsKey(id) || submitted.contains(id) || missing.contains(id)) {
                continue;
            }
            if (p instanceof ClosureReported || p instanceof WalkoutReported || p instanceof HeadcountReported) {
                submitted.add(id);
                continue;
            }
            // Taken out while the batch changes it, remembered again (as the most recent) once it is written.
            Row known = state.recent.remove(id);
            if (known != null) {
                rows.put(id, known);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            timed("rebuild", "reread", () -> {
                Map<UUID, Row> read = lastVersions(c, missing, state.submissions.of(missing).values());
                // The row each had in report_view when it was forgotten: replaced by the one written next.
                CopyRows stale = new CopyRows();
                read.values().forEach(r -> stale.row(2).uuid(r.reportId).int8(r.position));
                if (!read.isEmpty()) {
                    stale.into(c, "report_stale (report_id, position)");
                }
                rows.putAll(read);
            });
            meters.counter("standstill.rebuild.reread").increment(missing.size());
        }
        return rows;
    }

    /**
     * The rows of the reports this batch changes, as they stand before it: from {@code report_view}, or in a replay
     * from each report's last version (its first-recorded time is then not needed).
     */
    private Map<UUID, Row> existing(Connection c, Set<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try (PreparedStatement select = c.prepareStatement("""
                SELECT report_id, day_id, kind, subject_id, reporter_id, submitted_at, recorded_at, observed_at, status,
                       reason, type, participants, workforce, headcount, method, note, verdict, retracted, position,
                       changed_at, note_erased
                FROM report_view WHERE report_id = ANY (?)""")) {
            select.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            return rows(select);
        }
    }

    /** In a replay, the last versions of these reports, submitted at these positions. */
    private static Map<UUID, Row> lastVersions(Connection c, Set<UUID> ids, Collection<Long> submitted)
            throws SQLException {
        if (submitted.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try (PreparedStatement select = c.prepareStatement("""
                SELECT DISTINCT ON (report_id) report_id, day_id, kind, subject_id, reporter_id, submitted_at,
                       (SELECT f.recorded_at FROM report_version f WHERE f.submitted_at = v.submitted_at
                            AND f.position = v.submitted_at AND f.report_id = v.report_id),
                       observed_at, status, reason, type, participants, workforce, headcount, method, note, verdict,
                       retracted, position, recorded_at, note_erased
                FROM report_version v WHERE submitted_at = ANY (?) AND report_id = ANY (?)
                ORDER BY report_id, position DESC""")) {
            select.setArray(1, longs(c, submitted.toArray()));
            select.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            return rows(select);
        }
    }

    private static Map<UUID, Row> rows(PreparedStatement select) throws SQLException {
        Map<UUID, Row> rows = new LinkedHashMap<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Row row = new Row();
                row.reportId = rs.getObject(1, UUID.class);
                row.dayId = rs.getString(2);
                row.kind = rs.getString(3);
                row.subjectId = rs.getString(4);
                row.reporterId = rs.getString(5);
                row.submittedAt = rs.getLong(6);
                row.recordedAt = rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant();
                row.observedAt = rs.getTimestamp(8).toInstant();
                row.status = rs.getString(9);
                row.reason = rs.getString(10);
                row.type = rs.getString(11);
                row.participants = (Integer) rs.getObject(12);
                row.workforce = (Integer) rs.getObject(13);
                row.headcount = (Integer) rs.getObject(14);
                row.method = rs.getString(15);
                row.note = rs.getString(16);
                row.verdict = rs.getString(17);
                row.retracted = rs.getBoolean(18);
                row.position = rs.getLong(19);
                row.changedAt = rs.getTimestamp(20).toInstant();
                row.noteErased = rs.getBoolean(21);
                rows.put(row.reportId, row);
            }
        }
        return rows;
    }

    private static UUID reportIdOf(Object payload) {
        if (payload instanceof ClosureReported r) {
            return r.reportId();
        } else if (payload instanceof WalkoutReported r) {
            return r.reportId();
        } else if (payload instanceof HeadcountReported r) {
            return r.reportId();
        } else if (payload instanceof ClosureCorrected r) {
            return r.reportId();
        } else if (payload instanceof WalkoutCorrected r) {
            return r.reportId();
        } else if (payload instanceof HeadcountCorrected r) {
            return r.reportId();
        } else if (payload instanceof ReportRetracted r) {
            return r.reportId();
        } else if (payload instanceof VerdictGiven r) {
            return r.reportId();
        } else if (payload instanceof NoteErased r) {
            return r.reportId();
        }
        return null;
    }

    /** A note as the views show it: its text, or none and whether that is because it can no longer be opened. */
    private record Note(String text, boolean erased) {
    }

    /** The keys of the reports whose sealed notes the batch carries: one query, none if it carries none. */
    private Map<UUID, byte[]> keysOfSealedNotes(List<Stored> events) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Stored e : events) {
            String sealed = sealedNoteOf(e.payload());
            if (sealed != null) {
                ids.add(reportIdOf(e.payload()));
            }
        }
        return ids.isEmpty() ? Map.of() : keys.find(ids);
    }

    private static String sealedNoteOf(Object payload) {
        if (payload instanceof ClosureReported r) {
            return r.sealedNote();
        } else if (payload instanceof WalkoutReported r) {
            return r.sealedNote();
        } else if (payload instanceof HeadcountReported r) {
            return r.sealedNote();
        } else if (payload instanceof ClosureCorrected r) {
            return r.sealedNote();
        } else if (payload instanceof WalkoutCorrected r) {
            return r.sealedNote();
        } else if (payload instanceof HeadcountCorrected r) {
            return r.sealedNote();
        }
        return null;
    }

    /** The event's note: in plaintext (events stored before sealing), or opened with the report's key if it has one. */
    private static Note note(Map<UUID, byte[]> keys, UUID reportId, String plain, String sealed) {
        if (sealed == null) {
            return new Note(plain, false);
        }
        byte[] key = keys.get(reportId);
        String text = key == null ? null : NoteSeal.open(key, reportId, sealed).orElse(null);
        return new Note(text, text == null);
    }

    private static void submitted(Map<UUID, Row> reports, Map<String, SubjectRow> subjects, List<Version> versions,
                                  Stored e, UUID reportId, String dayId, String kind, String subjectId,
                                  String reporterId, Instant observedAt, Note note, String name, Sector sector,
                                  Location location, java.util.function.Consumer<Row> figures, String event) {
        if (reports.containsKey(reportId)) {
            return; // already applied
        }
        Row row = new Row();
        row.reportId = reportId;
        row.dayId = dayId;
        row.kind = kind;
        row.subjectId = subjectId;
        row.reporterId = reporterId;
        row.submittedAt = e.position();
        row.recordedAt = e.recordedAt();
        row.observedAt = observedAt;
        row.note = note.text();
        row.noteErased = note.erased();
        figures.accept(row);
        row.position = e.position();
        row.changedAt = e.recordedAt();
        reports.put(reportId, row);
        versions.add(new Version(row.copy(), event));
        String key = dayId + "\n" + subjectId;
        SubjectRow candidate = new SubjectRow(dayId, subjectId, kind, name, sector == null ? null : sector.name(),
                location.lat(), location.lon(), e.position());
        subjects.merge(key, candidate, (a, b) -> a.firstSubmitted() <= b.firstSubmitted() ? a : b);
    }

    private static void changed(Map<UUID, Row> reports, List<Version> versions, Stored e, UUID reportId, String event,
                                java.util.function.Consumer<Row> change) {
        Row row = reports.get(reportId);
        if (row == null) {
            throw new IllegalStateException(event + " at position " + e.position() + " for report " + reportId
                    + " that the read side has never seen submitted");
        }
        if (e.position() <= row.position) {
            return; // already applied
        }
        change.accept(row);
        row.position = e.position();
        row.changedAt = e.recordedAt();
        versions.add(new Version(row.copy(), event));
    }

    /** A correction replaces figures, observedAt and note, and resets the verdict. Once erased, a note stays so. */
    private static void corrected(Row row, Instant observedAt, Note note) {
        row.observedAt = observedAt;
        row.noteErased |= note.erased();
        row.note = row.noteErased ? null : note.text();
        row.verdict = "UNREVIEWED";
    }

    /**
     * Erases the notes of these reports from every version of them, those written before (earlier batches, or a
     * note opened before its key was deleted) and those of this batch: as a rebuild after the erasure writes them.
     * Found by report, or in a replay (no primary key yet) by submission.
     */
    private static void eraseNotes(Connection c, Set<UUID> reportIds, Map<UUID, Row> rows) throws SQLException {
        if (reportIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE report_version SET note = NULL, note_erased = TRUE
                WHERE report_id = ANY (?) AND submitted_at = ANY (?) AND (note IS NOT NULL OR NOT note_erased)""")) {
            update.setArray(1, c.createArrayOf("uuid", reportIds.toArray()));
            update.setArray(2, longs(c, reportIds.stream().map(id -> rows.get(id).submittedAt).toArray()));
            update.executeUpdate();
        }
    }

    /**
     * Several segments of the processor write at once, each in its own transaction, and the rows they can share are
     * taken in one order by all of them — subjects by (day, subject), then days by id — so that two batches wait for
     * each other at most, and never deadlock. (Each report's rows belong to one segment: events are split by
     * aggregate.) The days of the batch are locked here, in order, before any of their rows is written.
     */
    private static void lockDays(Connection c, Set<String> dayIds) throws SQLException {
        if (dayIds.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT day_id FROM day_view WHERE day_id = ANY (?) ORDER BY day_id FOR UPDATE")) {
            lock.setArray(1, c.createArrayOf("varchar", dayIds.toArray()));
            lock.executeQuery().close();
        }
    }

    /** A day's own event (its aggregate's: one segment applies them all, in order). */
    private void applyDayEvent(Connection c, Stored e) throws SQLException {
        Object p = e.payload();
        if (p instanceof DayPlanned d) {
            planned(c, d, e);
        } else if (p instanceof ZonesReplaced d) {
            update(c, "UPDATE day_view SET zones = ?::jsonb WHERE day_id = ?", zonesJson(d.zones()), d.dayId());
            versioned(c, d.dayId(), e);
        } else if (p instanceof DayOpened d) {
            update(c, "UPDATE day_view SET status = 'LIVE' WHERE day_id = ?", d.dayId());
            versioned(c, d.dayId(), e);
        } else if (p instanceof DayClosed d) {
            update(c, "UPDATE day_view SET status = 'CLOSED' WHERE day_id = ?", d.dayId());
            versioned(c, d.dayId(), e);
        } else if (p instanceof CampaignChosen d) {
            update(c, "UPDATE day_view SET campaign_id = ? WHERE day_id = ?", d.campaignId(), d.dayId());
            versioned(c, d.dayId(), e);
        }
    }

    /** Campaigns created in the batch (no day's events: they come before the days that join them). */
    private static void writeCampaigns(Connection c, List<Stored> campaigns) throws SQLException {
        for (Stored e : campaigns) {
            CampaignCreated created = (CampaignCreated) e.payload();
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO campaign_view (campaign_id, name, recorded_at, position) VALUES (?, ?, ?, ?)
                    ON CONFLICT (campaign_id) DO NOTHING""")) {
                insert.setString(1, created.campaignId());
                insert.setString(2, created.name());
                insert.setTimestamp(3, Timestamp.from(e.recordedAt()));
                insert.setLong(4, e.position());
                insert.executeUpdate();
            }
        }
    }

    private void planned(Connection c, DayPlanned d, Stored e) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO day_view (day_id, name, city, time_zone, starts_at, ends_at, status, zones, position, lat, lon)
                VALUES (?, ?, ?, ?, ?, ?, 'PLANNED', ?::jsonb, ?, ?, ?) ON CONFLICT (day_id) DO NOTHING""")) {
            insert.setString(1, d.dayId());
            insert.setString(2, d.name());
            insert.setString(3, d.city());
            insert.setString(4, d.timeZone());
            insert.setTimestamp(5, Timestamp.from(d.startsAt()));
            insert.setTimestamp(6, Timestamp.from(d.endsAt()));
            insert.setString(7, zonesJson(d.zones()));
            insert.setLong(8, e.position());
            insert.setObject(9, d.location() == null ? null : d.location().lat(), java.sql.Types.DOUBLE);
            insert.setObject(10, d.location() == null ? null : d.location().lon(), java.sql.Types.DOUBLE);
            insert.executeUpdate();
        }
        versioned(c, d.dayId(), e);
    }

    /** Records the day's event with its zones, campaign and status after it, for views as known at an earlier moment. */
    private static void versioned(Connection c, String dayId, Stored e) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO day_version (day_id, position, recorded_at, zones, campaign_id, status)
                SELECT day_id, ?, ?, zones, campaign_id, status FROM day_view WHERE day_id = ? ON CONFLICT DO NOTHING""")) {
            insert.setLong(1, e.position());
            insert.setTimestamp(2, Timestamp.from(e.recordedAt()));
            insert.setString(3, dayId);
            insert.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                update.setObject(i + 1, params[i]);
            }
            update.executeUpdate();
        }
    }

    private static void writeIndex(Connection c, List<Stored> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        CopyRows copy = new CopyRows();
        for (Stored e : events) {
            copy.row(5).int8(e.position()).text(((DayEvent) e.payload()).dayId()).text(e.aggregateId())
                    .int8(e.sequence()).text(e.eventId());
        }
        copy.into(c, "event_index (position, day_id, aggregate_id, sequence, event_id)");
    }

    private static void writeVersions(Connection c, List<Version> versions) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        CopyRows copy = new CopyRows();
        for (Version v : versions) {
            Row r = v.row();
            copy.row(21).uuid(r.reportId).int8(r.position).text(r.dayId).timestamptz(r.changedAt).text(v.event())
                    .text(r.kind).text(r.subjectId).text(r.reporterId).int8(r.submittedAt).timestamptz(r.observedAt)
                    .text(r.status).text(r.reason).text(r.type).int4(r.participants).int4(r.workforce)
                    .int4(r.headcount).text(r.method).text(r.note).text(r.verdict).bool(r.retracted)
                    .bool(r.noteErased);
        }
        copy.into(c, """
                report_version (report_id, position, day_id, recorded_at, event, kind, subject_id, reporter_id,
                    submitted_at, observed_at, status, reason, type, participants, workforce, headcount, method, note,
                    verdict, retracted, note_erased)""");
    }

    /** A replay's rows of reports, appended. */
    private static void appendReports(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        CopyRows copy = new CopyRows();
        for (Row r : rows) {
            copy.row(21).uuid(r.reportId).int8(r.position).text(r.dayId).timestamptz(r.changedAt).text(r.kind)
                    .text(r.subjectId).text(r.reporterId).int8(r.submittedAt).timestamptz(r.observedAt)
                    .text(r.status).text(r.reason).text(r.type).int4(r.participants).int4(r.workforce)
                    .int4(r.headcount).text(r.method).text(r.note).text(r.verdict).bool(r.retracted)
                    .timestamptz(r.recordedAt).bool(r.noteErased);
        }
        copy.into(c, """
                report_view (report_id, position, day_id, changed_at, kind, subject_id, reporter_id, submitted_at,
                    observed_at, status, reason, type, participants, workforce, headcount, method, note, verdict,
                    retracted, recorded_at, note_erased)""");
    }

    /**
     * Each report's state after its last event of the batch: appended for the reports the batch submits, updated for
     * those in {@code report_view} already ({@code stored}). (Each report belongs to one segment of the processor: no
     * other batch writes its row meanwhile.)
     */
    private static void writeReports(Connection c, List<Version> versions, Set<UUID> stored) throws SQLException {
        Map<UUID, Row> last = new LinkedHashMap<>();
        versions.forEach(v -> last.put(v.row().reportId, v.row()));
        List<Row> submitted = new ArrayList<>();
        List<Row> changed = new ArrayList<>();
        for (Row r : last.values()) {
            (stored.contains(r.reportId) ? changed : submitted).add(r);
        }
        appendReports(c, submitted);
        if (changed.isEmpty()) {
            return;
        }
        int n = changed.size();
        UUID[] id = new UUID[n];
        long[] position = new long[n];
        Timestamp[] changedAt = new Timestamp[n];
        Timestamp[] observedAt = new Timestamp[n];
        String[] status = new String[n];
        String[] reason = new String[n];
        String[] type = new String[n];
        Integer[] participants = new Integer[n];
        Integer[] workforce = new Integer[n];
        Integer[] headcount = new Integer[n];
        String[] method = new String[n];
        String[] note = new String[n];
        String[] verdict = new String[n];
        boolean[] retracted = new boolean[n];
        boolean[] noteErased = new boolean[n];
        for (int i = 0; i < n; i++) {
            Row r = changed.get(i);
            id[i] = r.reportId;
            position[i] = r.position;
            changedAt[i] = Timestamp.from(r.changedAt);
            observedAt[i] = Timestamp.from(r.observedAt);
            status[i] = r.status;
            reason[i] = r.reason;
            type[i] = r.type;
            participants[i] = r.participants;
            workforce[i] = r.workforce;
            headcount[i] = r.headcount;
            method[i] = r.method;
            note[i] = r.note;
            verdict[i] = r.verdict;
            retracted[i] = r.retracted;
            noteErased[i] = r.noteErased;
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        execute(c, """
                UPDATE report_view AS r SET position = v.position, changed_at = v.changed_at,
                    observed_at = v.observed_at, status = v.status, reason = v.reason, type = v.type,
                    participants = v.participants, workforce = v.workforce, headcount = v.headcount,
                    method = v.method, note = v.note, verdict = v.verdict, retracted = v.retracted,
                    note_erased = v.note_erased
                FROM unnest(?::uuid[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::varchar[], ?::varchar[],
                    ?::varchar[], ?::int[], ?::int[], ?::int[], ?::varchar[], ?::text[], ?::varchar[],
                    ?::boolean[], ?::boolean[])
                    AS v (report_id, position, changed_at, observed_at, status, reason, type, participants,
                          workforce, headcount, method, note, verdict, retracted, note_erased)
                WHERE r.report_id = v.report_id AND v.position > r.position""",
                c.createArrayOf("uuid", id), pg.createArrayOf("int8", position),
                c.createArrayOf("timestamptz", changedAt), c.createArrayOf("timestamptz", observedAt),
                c.createArrayOf("varchar", status), c.createArrayOf("varchar", reason),
                c.createArrayOf("varchar", type), c.createArrayOf("int4", participants),
                c.createArrayOf("int4", workforce), c.createArrayOf("int4", headcount),
                c.createArrayOf("varchar", method), c.createArrayOf("text", note),
                c.createArrayOf("varchar", verdict), pg.createArrayOf("bool", retracted),
                pg.createArrayOf("bool", noteErased));
    }

    /** New subjects, and subjects described again by an earlier-submitted report. */
    private static void writeSubjects(Connection c, Collection<SubjectRow> subjects) throws SQLException {
        if (subjects.isEmpty()) {
            return;
        }
        List<SubjectRow> sorted = new ArrayList<>(subjects);
        sorted.sort(java.util.Comparator.comparing(SubjectRow::dayId).thenComparing(SubjectRow::subjectId));
        subjects = sorted;
        int n = subjects.size();
        String[] day = new String[n];
        String[] id = new String[n];
        String[] kind = new String[n];
        String[] name = new String[n];
        String[] sector = new String[n];
        Double[] lat = new Double[n];
        Double[] lon = new Double[n];
        Long[] first = new Long[n];
        int i = 0;
        for (SubjectRow s : subjects) {
            day[i] = s.dayId();
            id[i] = s.subjectId();
            kind[i] = s.kind();
            name[i] = s.name();
            sector[i] = s.sector();
            lat[i] = s.lat();
            lon[i] = s.lon();
            first[i++] = s.firstSubmitted();
        }
        execute(c, """
                INSERT INTO subject_view AS s (day_id, subject_id, kind, name, sector, lat, lon, first_submitted)
                SELECT * FROM unnest(?::varchar[], ?::text[], ?::varchar[], ?::text[], ?::varchar[],
                    ?::float8[], ?::float8[], ?::bigint[]) AS v (day_id, subject_id, kind, name, sector, lat, lon, f)
                -- most subjects are described already, by an earlier report: left alone without taking their rows
                WHERE NOT EXISTS (SELECT 1 FROM subject_view d
                                  WHERE d.day_id = v.day_id AND d.subject_id = v.subject_id AND d.first_submitted <= v.f)
                -- in the order every segment takes them (see lockDays)
                ORDER BY v.day_id COLLATE "C", v.subject_id COLLATE "C"
                ON CONFLICT (day_id, subject_id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
                    sector = excluded.sector, lat = excluded.lat, lon = excluded.lon,
                    first_submitted = excluded.first_submitted
                WHERE excluded.first_submitted < s.first_submitted""",
                array(c, "varchar", day), array(c, "text", id), array(c, "varchar", kind), array(c, "text", name),
                array(c, "varchar", sector), array(c, "float8", lat), array(c, "float8", lon),
                array(c, "bigint", first));
    }

    /** A replay's descriptions of subjects, appended: the first-submitted one of each is chosen at the end. */
    private static void copySubjects(Connection c, Collection<SubjectRow> subjects) throws SQLException {
        if (subjects.isEmpty()) {
            return;
        }
        CopyRows copy = new CopyRows();
        for (SubjectRow s : subjects) {
            copy.row(8).text(s.dayId()).text(s.subjectId()).text(s.kind()).text(s.name()).text(s.sector())
                    .float8(s.lat()).float8(s.lon()).int8(s.firstSubmitted());
        }
        copy.into(c, "subject_seen (day_id, subject_id, kind, name, sector, lat, lon, first_submitted)");
    }

    /** Each changed day's latest position, and a word to every instance's live views once this commits. */
    private static void writeDays(Connection c, Map<String, long[]> days, boolean replay) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        days = new java.util.TreeMap<>(days);
        String[] ids = days.keySet().toArray(String[]::new);
        Long[] first = days.values().stream().map(p -> p[0]).toArray(Long[]::new);
        Long[] last = days.values().stream().map(p -> p[1]).toArray(Long[]::new);
        execute(c, """
                UPDATE day_view d SET position = greatest(d.position, v.position)
                FROM unnest(?::varchar[], ?::bigint[]) AS v (day_id, position) WHERE d.day_id = v.day_id""",
                array(c, "varchar", ids), array(c, "bigint", last));
        if (!replay) {
            // "dayId<TAB>first<TAB>last": the positions of the day's events in this batch.
            try (PreparedStatement notify = c.prepareStatement("""
                    SELECT pg_notify('standstill_views', d || chr(9) || f || chr(9) || l)
                    FROM unnest(?::varchar[], ?::bigint[], ?::bigint[]) AS v (d, f, l)""")) {
                notify.setArray(1, array(c, "varchar", ids));
                notify.setArray(2, array(c, "bigint", first));
                notify.setArray(3, array(c, "bigint", last));
                notify.executeQuery().close();
            }
        }
    }

    /** Arrays of non-null numbers go in PostgreSQL's binary form: nothing to print here or to parse there. */
    private static Array array(Connection c, String type, Object[] values) throws SQLException {
        if (type.equals("bigint")) {
            return longs(c, values);
        }
        if (type.equals("float8")) {
            double[] doubles = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                doubles[i] = (Double) values[i];
            }
            return c.unwrap(PGConnection.class).createArrayOf("float8", doubles);
        }
        return c.createArrayOf(type, values);
    }

    private static Array longs(Connection c, Object[] values) throws SQLException {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = (Long) values[i];
        }
        return c.unwrap(PGConnection.class).createArrayOf("int8", longs);
    }

    private static void execute(Connection c, String sql, Object... arrays) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i++) {
                statement.setArray(i + 1, (Array) arrays[i]);
            }
            statement.executeUpdate();
        }
    }

    private String zonesJson(List<Zone> zones) {
        try {
            return json.writeValueAsString(zones);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
