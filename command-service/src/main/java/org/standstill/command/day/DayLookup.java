package org.standstill.command.day;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.command.config.Conflict;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * What reports need to know about their day, kept by the command side itself. A subscribing
 * processor: it is written in the same transaction as the day's events.
 * <p>
 * It is also the {@link DayGate}: a change of a report takes the day's advisory lock in shared mode for its
 * transaction and then reads the day's status; closing the day takes the same lock exclusively before it writes
 * CLOSED. So closing waits for the changes in flight, and a change that starts after the close committed sees
 * CLOSED — with any number of command-service instances, since the lock is PostgreSQL's. A shared advisory lock is
 * held in PostgreSQL's memory, not written to the table as a row lock would be.
 */
@Component
@ProcessingGroup("day-lookup")
public class DayLookup implements DayGate {

    private static final String HELD_OPEN = DayLookup.class.getName() + ".heldOpen.";

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

    /**
     * Within the command's transaction. The status is read by a statement that starts after the lock is granted (under
     * READ COMMITTED it then sees a close that committed while this waited); the day read is kept in the unit of work's
     * root, so a batch of reports takes the lock and reads its day once.
     */
    @Override
    public void holdOpen(String dayId) {
        Day day = held(dayId).orElse(null);
        if (day != null && day.status() == DayStatus.CLOSED) {
            throw new Conflict(Conflict.DAY_CLOSED, "Day " + dayId + " is CLOSED and takes no more changes");
        }
    }

    /** The day, read under its lock for the rest of the command's transaction (as {@link #holdOpen}). */
    public Optional<Day> held(String dayId) {
        String key = HELD_OPEN + dayId;
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().resources().containsKey(key)) {
            return Optional.ofNullable(CurrentUnitOfWork.get().root().getResource(key));
        }
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))").param(lockName(dayId))
                .query((rs, row) -> 1).list();
        Optional<Day> day = find(dayId);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().put(key, day.orElse(null));
        }
        return day;
    }

    private static String lockName(String dayId) {
        return "standstill.day:" + dayId;
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
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))").param(lockName(event.dayId()))
                .query((rs, row) -> 1).list();
        setStatus(event.dayId(), DayStatus.CLOSED);
    }

    private void setStatus(String dayId, DayStatus status) {
        jdbc.sql("UPDATE day_lookup SET status = ? WHERE day_id = ?").params(status.name(), dayId).update();
    }
}
