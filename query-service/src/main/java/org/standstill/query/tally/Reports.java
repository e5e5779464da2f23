package org.standstill.query.tally;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.WalkoutType;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Report;
import org.standstill.query.tally.TallyRules.Verdict;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Loads reports for the tally rules: as they stand now, or as they were known at a moment K. */
@Component
public class Reports {

    private static final String COLUMNS = """
            report_id, kind, subject_id, reporter_id, submitted_at, observed_at, status, type, participants,
            headcount, verdict, retracted""";

    static final RowMapper<Report> ROW = (rs, row) -> new Report(
            rs.getObject("report_id", UUID.class),
            Kind.valueOf(rs.getString("kind")),
            rs.getString("subject_id"),
            rs.getString("reporter_id"),
            rs.getLong("submitted_at"),
            rs.getTimestamp("observed_at").toInstant(),
            rs.getString("status") == null ? null : ClosureStatus.valueOf(rs.getString("status")),
            rs.getString("type") == null ? null : WalkoutType.valueOf(rs.getString("type")),
            rs.getInt("participants"),
            rs.getInt("headcount"),
            Verdict.valueOf(rs.getString("verdict")),
            rs.getBoolean("retracted"));

    private final JdbcClient jdbc;

    Reports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Report> ofSubject(String dayId, String subjectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM report_view WHERE day_id = ? AND subject_id = ?")
                .params(dayId, subjectId).query(ROW).list();
    }

    public List<Report> ofKind(String dayId, Kind kind) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM report_view WHERE day_id = ? AND kind = ?")
                .params(dayId, kind.name()).query(ROW).list();
    }

    /** Every report of the day as it stands now. */
    public List<Report> current(String dayId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM report_view WHERE day_id = ?").param(dayId).query(ROW).list();
    }

    /** Every report of the day as known at {@code knownAt}: the state after its last event recorded by then. */
    public List<Report> knownAt(String dayId, Instant knownAt) {
        return jdbc.sql("SELECT DISTINCT ON (report_id) " + COLUMNS + """
                         FROM report_version WHERE day_id = ? AND recorded_at <= ?
                        ORDER BY report_id, position DESC""")
                .params(dayId, Timestamp.from(knownAt)).query(ROW).list();
    }
}
