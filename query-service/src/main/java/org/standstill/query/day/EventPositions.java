package org.standstill.query.day;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The position of an event: its own global index in the event store.
 *
 * <p>Not the tracking token's position. Events commit out of index order when commands run concurrently, and Axon's
 * gap-aware token then reports, for an event that fills a gap, the highest index seen so far — the position of
 * another event. Whatever records one row per event (the event index, report and day versions) needs the event's own
 * index, so that the live projection and a rebuild, which meets no gaps, write the same rows.
 */
@Component
public class EventPositions {

    private final JdbcClient jdbc;

    EventPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The event's global index; looked up once per event and unit of work, however many handlers ask. */
    public long of(EventMessage<?> event) {
        if (!CurrentUnitOfWork.isStarted()) {
            return lookUp(event.getIdentifier());
        }
        return CurrentUnitOfWork.get().getOrComputeResource("standstill.position." + event.getIdentifier(),
                key -> lookUp(event.getIdentifier()));
    }

    private long lookUp(String eventId) {
        return jdbc.sql("SELECT globalindex FROM domainevententry WHERE eventidentifier = ?").param(eventId)
                .query(Long.class).optional()
                .orElseThrow(() -> new IllegalStateException("Event " + eventId + " is not in the event store"));
    }
}
