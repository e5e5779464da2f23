package org.standstill.query.config;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * The embedded event store, woken up when another process commits events. Axon polls the store only
 * every {@code fetchDelay}; a PostgreSQL NOTIFY sent at commit by the event table's trigger makes it
 * fetch at once. Polling stays as the fallback if a notification is ever lost.
 */
public class ListeningEventStore extends EmbeddedEventStore {

    ListeningEventStore(Builder builder) {
        super(builder);
    }

    /** New events may be in the store: fetch now rather than at the next poll. */
    public void wakeUp() {
        afterCommit(List.of());
    }
}
