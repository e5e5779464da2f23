package org.standstill.query.tally;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.report.ClosureCorrected;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.HeadcountCorrected;
import org.standstill.api.report.HeadcountReported;
import org.standstill.api.report.Location;
import org.standstill.api.report.ReportRetracted;
import org.standstill.api.report.Sector;
import org.standstill.api.report.VerdictGiven;
import org.standstill.api.report.WalkoutCorrected;
import org.standstill.api.report.WalkoutReported;
import org.standstill.query.day.DayProjection;
import org.standstill.query.day.EventPositions;
import org.standstill.query.day.ViewChange;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Report;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports as they stand ({@code report_view}), every version of them ({@code report_version}), and
 * each subject's figures now ({@code subject_view}), decided by {@link TallyRules}. A subject is
 * decided again when one of its reports changes, and when time passes an observedAt that was ahead of
 * the clock ({@link SubjectClock}).
 */
@Component
@ProcessingGroup("tally")
class ReportProjection {

    private final JdbcClient jdbc;
    private final DayProjection days;
    private final EventPositions positions;
    private final Reports reports;
    private final Clock clock;

    ReportProjection(JdbcClient jdbc, DayProjection days, EventPositions positions, Reports reports, Clock clock) {
        this.jdbc = jdbc;
        this.days = days;
        this.positions = positions;
        this.reports = reports;
        this.clock = clock;
    }

    @EventHandler
    void on(ClosureReported e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        var business = e.business();
        submitted(e.reportId(), e.dayId(), Kind.CLOSURE, e.subjectId(), e.reporterId(), e.observedAt(), e.note(),
                recordedAt, message, new Figures(e.status().name(), e.reason() == null ? null : e.reason().name(),
                        null, null, null, null, null));
        subject(e.dayId(), e.subjectId(), Kind.CLOSURE, business.name(), business.sector(), business.location());
        changed(e.reportId(), e.dayId(), e.subjectId(), "ClosureReported", message);
    }

    @EventHandler
    void on(WalkoutReported e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        var workplace = e.workplace();
        submitted(e.reportId(), e.dayId(), Kind.WALKOUT, e.subjectId(), e.reporterId(), e.observedAt(), e.note(),
                recordedAt, message, new Figures(null, null, e.type().name(), e.participants(), e.workforce(), null, null));
        subject(e.dayId(), e.subjectId(), Kind.WALKOUT, workplace.name(), workplace.sector(), workplace.location());
        changed(e.reportId(), e.dayId(), e.subjectId(), "WalkoutReported", message);
    }

    @EventHandler
    void on(HeadcountReported e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        var rally = e.rally();
        submitted(e.reportId(), e.dayId(), Kind.HEADCOUNT, e.subjectId(), e.reporterId(), e.observedAt(), e.note(),
                recordedAt, message, new Figures(null, null, null, null, null, e.headcount(), e.method().name()));
        subject(e.dayId(), e.subjectId(), Kind.HEADCOUNT, rally.name(), null, rally.location());
        changed(e.reportId(), e.dayId(), e.subjectId(), "HeadcountReported", message);
    }

    @EventHandler
    void on(ClosureCorrected e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        corrected(e.reportId(), e.observedAt(), e.note(), recordedAt, message, new Figures(e.status().name(),
                e.reason() == null ? null : e.reason().name(), null, null, null, null, null), "ClosureCorrected");
    }

    @EventHandler
    void on(WalkoutCorrected e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        corrected(e.reportId(), e.observedAt(), e.note(), recordedAt, message,
                new Figures(null, null, e.type().name(), e.participants(), e.workforce(), null, null), "WalkoutCorrected");
    }

    @EventHandler
    void on(HeadcountCorrected e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        corrected(e.reportId(), e.observedAt(), e.note(), recordedAt, message,
                new Figures(null, null, null, null, null, e.headcount(), e.method().name()), "HeadcountCorrected");
    }

    @EventHandler
    void on(ReportRetracted e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        update(e.reportId(), "retracted = TRUE", List.of(), recordedAt, message, "ReportRetracted");
    }

    @EventHandler
    void on(VerdictGiven e, @Timestamp Instant recordedAt, EventMessage<?> message) {
        update(e.reportId(), "verdict = ?", List.of(e.verdict().name()), recordedAt, message, "VerdictGiven");
    }

    /** The figures of one kind; the others are null. */
    private record Figures(String status, String reason, String type, Integer participants, Integer workforce,
                           Integer headcount, String method) {
    }

    private void submitted(UUID reportId, String dayId, Kind kind, String subjectId, String reporterId,
                           Instant observedAt, String note, Instant recordedAt, EventMessage<?> message, Figures f) {
        long position = positions.of(message);
        jdbc.sql("""
                        INSERT INTO report_view (report_id, day_id, kind, subject_id, reporter_id, submitted_at,
                            recorded_at, observed_at, status, reason, type, participants, workforce, headcount, method,
                            note, position, changed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING""")
                .params(reportId, dayId, kind.name(), subjectId, reporterId, position, ts(recordedAt), ts(observedAt),
                        f.status(), f.reason(), f.type(), f.participants(), f.workforce(), f.headcount(), f.method(),
                        note, position, ts(recordedAt))
                .update();
    }

    private void subject(String dayId, String subjectId, Kind kind, String name, Sector sector, Location location) {
        String zone = days.zones(dayId).zoneOf(location.lat(), location.lon());
        jdbc.sql("""
                        INSERT INTO subject_view (day_id, subject_id, kind, name, sector, lat, lon, zone)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day_id, subject_id) DO NOTHING""")
                .params(dayId, subjectId, kind.name(), name, sector == null ? null : sector.name(),
                        location.lat(), location.lon(), zone)
                .update();
    }

    /** A correction replaces figures, observedAt and note, and resets the verdict. */
    private void corrected(UUID reportId, Instant observedAt, String note, Instant recordedAt, EventMessage<?> message,
                           Figures f, String event) {
        update(reportId, """
                        observed_at = ?, note = ?, status = ?, reason = ?, type = ?, participants = ?, workforce = ?,
                        headcount = ?, method = ?, verdict = 'UNREVIEWED'""",
                java.util.Arrays.asList(ts(observedAt), note, f.status(), f.reason(), f.type(), f.participants(),
                        f.workforce(), f.headcount(), f.method()),
                recordedAt, message, event);
    }

    private void update(UUID reportId, String assignments, List<Object> values, Instant recordedAt, EventMessage<?> message,
                        String event) {
        List<Object> params = new java.util.ArrayList<>(values);
        params.addAll(List.of(positions.of(message), ts(recordedAt), reportId));
        jdbc.sql("UPDATE report_view SET " + assignments + ", position = ?, changed_at = ? WHERE report_id = ?")
                .params(params).update();
        jdbc.sql("SELECT day_id, subject_id FROM report_view WHERE report_id = ?").param(reportId)
                .query((rs, row) -> new String[]{rs.getString(1), rs.getString(2)})
                .optional()
                .ifPresent(r -> changed(reportId, r[0], r[1], event, message));
    }

    /** Records the report's new version, decides its subject again and tells the live side. */
    private void changed(UUID reportId, String dayId, String subjectId, String event, EventMessage<?> message) {
        jdbc.sql("""
                        INSERT INTO report_version (report_id, position, day_id, recorded_at, event, kind, subject_id,
                            reporter_id, submitted_at, observed_at, status, reason, type, participants, workforce,
                            headcount, method, note, verdict, retracted)
                        SELECT report_id, ?, day_id, changed_at, ?, kind, subject_id, reporter_id, submitted_at,
                            observed_at, status, reason, type, participants, workforce, headcount, method, note,
                            verdict, retracted
                        FROM report_view WHERE report_id = ? ON CONFLICT DO NOTHING""")
                .params(positions.of(message), event, reportId).update();
        decide(dayId, subjectId);
        days.changed(ViewChange.report(dayId, reportId.toString(), subjectId), positions.of(message));
    }

    /** Decides one subject's figures now, in each mode, from all its reports. */
    void decide(String dayId, String subjectId) {
        String kind = jdbc.sql("SELECT kind FROM subject_view WHERE day_id = ? AND subject_id = ? FOR UPDATE")
                .params(dayId, subjectId).query(String.class).optional().orElse(Kind.HEADCOUNT.name());
        if (kind.equals(Kind.HEADCOUNT.name())) {
            return; // rallies are counted on reading: their window moves with the clock
        }
        List<Report> ofSubject = reports.ofSubject(dayId, subjectId);
        Instant now = clock.instant();
        Optional<Report> all = TallyRules.latest(ofSubject, now, Mode.ALL);
        Optional<Report> verified = TallyRules.latest(ofSubject, now, Mode.VERIFIED);
        boolean closure = kind.equals(Kind.CLOSURE.name());
        jdbc.sql("""
                        UPDATE subject_view SET status_all = ?, status_verified = ?, type_all = ?, type_verified = ?,
                            participants_all = ?, participants_verified = ?, next_change_at = ?
                        WHERE day_id = ? AND subject_id = ?""")
                .params(closure ? status(all) : null, closure ? status(verified) : null,
                        closure ? null : type(all), closure ? null : type(verified),
                        closure ? null : all.map(Report::participants).orElse(null),
                        closure ? null : verified.map(Report::participants).orElse(null),
                        TallyRules.nextChange(ofSubject, now).map(ReportProjection::ts).orElse(null),
                        dayId, subjectId)
                .update();
    }

    private static String status(Optional<Report> report) {
        return report.map(r -> r.status().name()).orElse(null);
    }

    private static String type(Optional<Report> report) {
        return report.map(r -> r.type().name()).orElse(null);
    }

    private static java.sql.Timestamp ts(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }
}
