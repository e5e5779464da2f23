package org.standstill.query.tally;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.ClosureStatus;
import org.standstill.query.day.DayProjection;
import org.standstill.query.tally.TallyRules.Closure;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reports ({@code report_view}) and each business's status now ({@code business_view}), decided by
 * {@link TallyRules}. Statuses are re-decided when a report changes and when time passes an
 * observedAt that was ahead of the clock ({@link BusinessClock}).
 */
@Component
@ProcessingGroup("tally")
class BusinessProjection {

    private final JdbcClient jdbc;
    private final DayProjection days;
    private final Clock clock;

    BusinessProjection(JdbcClient jdbc, DayProjection days, Clock clock) {
        this.jdbc = jdbc;
        this.days = days;
        this.clock = clock;
    }

    @EventHandler
    void on(ClosureReported event, @org.axonframework.eventhandling.Timestamp Instant recordedAt, TrackingToken token) {
        long position = DayProjection.position(token);
        int inserted = jdbc.sql("""
                        INSERT INTO report_view (report_id, day_id, kind, subject_id, reporter_id, submitted_at,
                                                 recorded_at, observed_at, status, reason, note, position)
                        VALUES (?, ?, 'CLOSURE', ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING""")
                .params(event.reportId(), event.dayId(), event.subjectId(), event.reporterId(), position,
                        Timestamp.from(recordedAt), Timestamp.from(event.observedAt()), event.status().name(),
                        event.reason() == null ? null : event.reason().name(), event.note(), position)
                .update();
        if (inserted == 0) {
            return; // already projected
        }
        var business = event.business();
        String zone = days.zones(event.dayId()).zoneOf(business.location().lat(), business.location().lon());
        jdbc.sql("""
                        INSERT INTO business_view (day_id, subject_id, name, address, sector, lat, lon, zone)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day_id, subject_id) DO NOTHING""")
                .params(event.dayId(), event.subjectId(), business.name(), business.address(), business.sector().name(),
                        business.location().lat(), business.location().lon(), zone)
                .update();
        decide(event.dayId(), event.subjectId());
        days.changed(event.dayId(), token);
    }

    /** Decides one business's status now, in each mode, from all its closure reports. */
    void decide(String dayId, String subjectId) {
        jdbc.sql("SELECT 1 FROM business_view WHERE day_id = ? AND subject_id = ? FOR UPDATE")
                .params(dayId, subjectId).query(rs -> { });
        List<Closure> reports = jdbc.sql("""
                        SELECT submitted_at, observed_at, status, verdict, retracted FROM report_view
                        WHERE day_id = ? AND subject_id = ? AND kind = 'CLOSURE'""")
                .params(dayId, subjectId)
                .query((rs, row) -> new Closure(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        ClosureStatus.valueOf(rs.getString(3)), Verdict.valueOf(rs.getString(4)), rs.getBoolean(5)))
                .list();
        Instant now = clock.instant();
        jdbc.sql("""
                        UPDATE business_view SET status_all = ?, status_verified = ?, next_change_at = ?
                        WHERE day_id = ? AND subject_id = ?""")
                .params(name(TallyRules.businessStatus(reports, now, Mode.ALL).orElse(null)),
                        name(TallyRules.businessStatus(reports, now, Mode.VERIFIED).orElse(null)),
                        TallyRules.nextChange(reports, now).map(Timestamp::from).orElse(null),
                        dayId, subjectId)
                .update();
    }

    private static String name(ClosureStatus status) {
        return status == null ? null : status.name();
    }
}
