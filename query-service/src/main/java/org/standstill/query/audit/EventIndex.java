package org.standstill.query.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.DayEvent;
import org.standstill.query.day.EventPositions;

/** Indexes every event of every day ({@code event_index}), in the same transaction as the tally's views. */
@Component
@ProcessingGroup("tally")
class EventIndex {

    private final JdbcClient jdbc;
    private final EventPositions positions;

    EventIndex(JdbcClient jdbc, EventPositions positions) {
        this.jdbc = jdbc;
        this.positions = positions;
    }

    @EventHandler
    void on(DayEvent event, DomainEventMessage<?> message) {
        jdbc.sql("""
                        INSERT INTO event_index (position, day_id, aggregate_id, sequence, event_id)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING""")
                .params(positions.of(message), event.dayId(), message.getAggregateIdentifier(),
                        message.getSequenceNumber(), message.getIdentifier())
                .update();
    }
}
