package org.standstill.query.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.DayEvent;
import org.standstill.query.day.DayProjection;

/** Indexes every event of every day ({@code event_index}), in the same transaction as the tally's views. */
@Component
@ProcessingGroup("tally")
class EventIndex {

    private final JdbcClient jdbc;

    EventIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DayEvent event, DomainEventMessage<?> message, TrackingToken token) {
        jdbc.sql("""
                        INSERT INTO event_index (position, day_id, aggregate_id, sequence, event_id)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING""")
                .params(DayProjection.position(token), event.dayId(), message.getAggregateIdentifier(),
                        message.getSequenceNumber(), message.getIdentifier())
                .update();
    }
}
