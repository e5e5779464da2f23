package org.standstill.query.feed;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The report feed: every report with its current state, in the order of its latest change. */
@Component
public class FeedQuery {

    /**
     * A report as it stands. {@code note} is null and {@code noteErased} true once a coordinator erased its note.
     * {@code flags} (plausibility, DOMAIN.md) are those of the live view at {@code flaggedAt}
     * with {@code othersMedian} the figure a headcount was judged against; all three are left out where no one
     * evaluated them (a reporter's own reports).
     */
    @Schema(description = "A report as it stands; what does not apply to its kind, or is not set, is left out")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeedReport(UUID reportId, String kind, String subjectId, String subjectName, String reporterId,
                             Instant observedAt, Instant recordedAt, Instant changedAt, String status, String reason,
                             String type, Integer participants, Integer workforce, Integer headcount, String method,
                             String note, boolean noteErased, String verdict, boolean retracted, long position,
                             List<String> flags,
                             Long othersMedian, Instant flaggedAt) {

        /** This report with its plausibility flags as evaluated at {@code at}. */
        public FeedReport flagged(List<String> flags, Long othersMedian, Instant at) {
            return new FeedReport(reportId, kind, subjectId, subjectName, reporterId, observedAt, recordedAt, changedAt,
                    status, reason, type, participants, workforce, headcount, method, note, noteErased, verdict,
                    retracted, position, flags, othersMedian, at);
        }
    }

    @Schema(name = "FeedPage", description = "A page of the feed")
    public record Page(List<FeedReport> reports,
                       @Schema(types = {"integer", "null"}, format = "int64", description = "The `after` of the next "
                               + "page; null at the end") Long next) {
    }

    private static final RowMapper<FeedReport> ROW = (rs, row) -> new FeedReport(
            rs.getObject("report_id", UUID.class), rs.getString("kind"), rs.getString("subject_id"),
            rs.getString("name"), rs.getString("reporter_id"), rs.getTimestamp("observed_at").toInstant(),
            rs.getTimestamp("recorded_at").toInstant(), rs.getTimestamp("changed_at").toInstant(),
            rs.getString("status"), rs.getString("reason"), rs.getString("type"),
            (Integer) rs.getObject("participants"), (Integer) rs.getObject("workforce"),
            (Integer) rs.getObject("headcount"), rs.getString("method"), rs.getString("note"),
            rs.getBoolean("note_erased"), rs.getString("verdict"), rs.getBoolean("retracted"), rs.getLong("position"), null, null, null);

    /**
     * The subject's name, looked up row by row: the plan then always walks report_view's index in feed order, even
     * while a large day is being loaded and the statistics do not know it yet.
     */
    private static final String NAME = "(SELECT s.name FROM subject_view s WHERE s.day_id = r.day_id AND s.subject_id = r.subject_id) AS name";

    private static final String SELECT = "SELECT r.*, " + NAME + " FROM report_view r"
            + " WHERE r.day_id = ? AND r.position > ? AND r.position <= ? ORDER BY r.position LIMIT ?";

    private final JdbcClient jdbc;

    FeedQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A reporter's own reports of a day, latest change first. */
    public List<FeedReport> ofReporter(String dayId, String reporterId, int limit) {
        return jdbc.sql("SELECT r.*, " + NAME + " FROM report_view r"
                        + " WHERE r.day_id = ? AND r.reporter_id = ? ORDER BY r.position DESC LIMIT ?")
                .params(dayId, reporterId, limit).query(ROW).list();
    }

    /** Some reports of a day as they stand now, in the order of their latest change. */
    public List<FeedReport> reports(String dayId, java.util.Collection<UUID> reportIds) {
        return jdbc.sql("SELECT r.*, " + NAME + " FROM report_view r"
                        + " WHERE r.day_id = ? AND r.report_id = ANY (?) ORDER BY r.position")
                .params(dayId, reportIds.toArray(UUID[]::new)).query(ROW).list();
    }

    /**
     * The reports changed after {@code after} and at or before {@code processedThrough}, at most {@code limit};
     * {@code next} is the cursor for more. Only what is processed through is shown, so an event that commits late,
     * below positions already shown, is never skipped by a cursor.
     */
    public Page page(String dayId, long after, int limit, long processedThrough) {
        List<FeedReport> reports = jdbc.sql(SELECT).params(dayId, after, processedThrough, limit).query(ROW).list();
        return new Page(reports, reports.size() < limit ? null : reports.get(reports.size() - 1).position());
    }
}
