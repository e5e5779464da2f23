package org.standstill.command.day;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * What reports need to know about their day, kept by the command side itself. A subscribing
 * processor: it is written in the same transaction as the day's events.
 */
@Component
@ProcessingGroup("day-lookup")
public class DayLookup {

    /** A day as the command side sees it. */
    public record Day(String dayId, DayStatus status, Instant startsAt, Instant endsAt) {
    }

    private final JdbcClient jdbc;

    DayLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Day> find(String dayId) {
        return jdbc.sql("SELECT day_id, status, starts_at, ends_at FROM day_lookup WHERE day_id = ?")
                .param(dayId)
                .query((rs, row) -> new Day(rs.getString(1), DayStatus.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /** Whether a day, or any other stream of the log (a report's: its id is a UUID, which is a slug too), has this id. */
    public boolean isTaken(String id) {
        return find(id).isPresent() || jdbc.sql("SELECT EXISTS (SELECT 1 FROM domainevententry WHERE aggregateidentifier = ?)")
                .param(id).query(Boolean.class).single();
    }

    @EventHandler
    void on(DayPlanned event) {
        jdbc.sql("INSERT INTO day_lookup (day_id, status, starts_at, ends_at) VALUES (?, ?, ?, ?)")
                .params(event.dayId(), DayStatus.PLANNED.name(),
                        Timestamp.from(event.startsAt()), Timestamp.from(event.endsAt()))
                .update();
    }

    @EventHandler
    void on(DayOpened event) {
        setStatus(event.dayId(), DayStatus.LIVE);
    }

    @EventHandler
    void on(DayClosed event) {
        setStatus(event.dayId(), DayStatus.CLOSED);
    }

    private void setStatus(String dayId, DayStatus status) {
        jdbc.sql("UPDATE day_lookup SET status = ? WHERE day_id = ?").params(status.name(), dayId).update();
    }
}
