package org.standstill.query.tally;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.query.day.DayProjection;
import org.standstill.query.day.ViewChange;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * Time passing changes the tally at now with no new event: a report observed a few minutes ahead of
 * the server's clock starts to count when that moment comes. Each second, the subjects whose
 * {@code next_change_at} has come are decided again.
 */
@Component
class SubjectClock {

    private final JdbcClient jdbc;
    private final ReportProjection projection;
    private final DayProjection days;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SubjectClock(JdbcClient jdbc, ReportProjection projection, DayProjection days, TransactionTemplate transaction,
                 Clock clock) {
        this.jdbc = jdbc;
        this.projection = projection;
        this.days = days;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 1000)
    void decideDue() {
        transaction.executeWithoutResult(tx -> jdbc.sql("""
                        SELECT day_id, subject_id FROM subject_view WHERE next_change_at <= ?
                        ORDER BY day_id, subject_id FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(clock.instant()))
                .query((rs, row) -> new String[]{rs.getString(1), rs.getString(2)})
                .list()
                .forEach(subject -> {
                    projection.decide(subject[0], subject[1]);
                    days.notifyViews(ViewChange.subject(subject[0], subject[1]));
                }));
    }
}
