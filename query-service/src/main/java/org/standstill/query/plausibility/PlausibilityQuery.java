package org.standstill.query.plausibility;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.query.plausibility.PlausibilityRules.Headcount;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyRules;
import org.standstill.query.tally.TallyRules.Mode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The plausibility of a day's rallies at T as known at K, read from the read side ({@code report_version}: every
 * version of every report) and decided by {@link PlausibilityRules}. Only headcounts that may be counted at T are
 * read: reports with a version observed in the crowd's window, each taken as it stood at K.
 */
@Component
public class PlausibilityQuery {

    /**
     * Each candidate report's latest version recorded by K and at or below the view's position; candidates are the
     * reports with some such version observed in (T − 60 min, T] (a report's latest version can only be counted at T
     * if it is observed in that window, and then it is one of those versions).
     */
    private static final String SELECT = """
            SELECT v.report_id, v.subject_id, v.reporter_id, v.submitted_at, v.observed_at, v.headcount, v.method,
                   v.verdict, v.retracted
            FROM (SELECT DISTINCT ON (r.report_id) r.* FROM report_version r
                  WHERE r.report_id IN (SELECT c.report_id FROM report_version c
                                        WHERE c.day_id = ? AND c.kind = 'HEADCOUNT' AND c.observed_at > ?
                                          AND c.observed_at <= ? AND c.recorded_at <= ? AND c.position <= ? %s)
                    AND r.recorded_at <= ? AND r.position <= ?
                  ORDER BY r.report_id, r.position DESC) v
            WHERE v.observed_at > ? AND v.observed_at <= ?""";

    private final JdbcClient jdbc;

    PlausibilityQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The rallies' checks at T as known at K, for the events at or below {@code position}: every rally of the day
     * with a counted headcount when {@code subjectIds} is null, else only those (rallies with none are left out).
     */
    public Map<String, RallyCheck> rallies(String dayId, Collection<String> subjectIds, Instant at, Instant knownAt,
                                           long position, Mode mode) {
        if (subjectIds != null && subjectIds.isEmpty()) {
            return Map.of();
        }
        Timestamp from = Timestamp.from(at.minus(TallyRules.CROWD_WINDOW));
        Timestamp to = Timestamp.from(at);
        Timestamp k = Timestamp.from(knownAt);
        List<Object> params = new ArrayList<>(List.of(dayId, from, to, k, position));
        if (subjectIds != null) {
            params.add(subjectIds.toArray(String[]::new));
        }
        params.addAll(List.of(k, position, from, to));
        Map<String, List<Headcount>> bySubject = new HashMap<>();
        jdbc.sql(SELECT.formatted(subjectIds == null ? "" : "AND c.subject_id = ANY (?)"))
                .params(params)
                .query(rs -> {
                    bySubject.computeIfAbsent(rs.getString("subject_id"), s -> new ArrayList<>()).add(new Headcount(
                            rs.getObject("report_id", UUID.class), rs.getString("reporter_id"), rs.getLong("submitted_at"),
                            rs.getTimestamp("observed_at").toInstant(), rs.getInt("headcount"), rs.getString("method"),
                            TallyRules.Verdict.valueOf(rs.getString("verdict")), rs.getBoolean("retracted")));
                });
        Map<String, RallyCheck> checks = new HashMap<>();
        bySubject.forEach((subject, reports) -> {
            RallyCheck check = PlausibilityRules.check(reports, at, mode);
            if (check.reporters() > 0) {
                checks.put(subject, check);
            }
        });
        return checks;
    }

    /** The rally of a HEADCOUNT report, if it is one. */
    public Optional<String> rallyOf(String dayId, UUID reportId) {
        return jdbc.sql("SELECT subject_id FROM report_view WHERE day_id = ? AND report_id = ? AND kind = 'HEADCOUNT'")
                .params(dayId, reportId).query(String.class).optional();
    }
}
