package org.standstill.command.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Counts, per aggregate, the stored events the event store hands out to rebuild an aggregate (the reads an
 * event-sourced aggregate costs when it is loaded), by wrapping the service's storage engine. Every call still goes
 * to the real engine on PostgreSQL.
 */
class StreamReads implements BeanPostProcessor {

    private final Map<String, AtomicLong> eventsRead = new ConcurrentHashMap<>();

    long eventsReadOf(String aggregateId) {
        AtomicLong count = eventsRead.get(aggregateId);
        return count == null ? 0 : count.get();
    }

    void reset() {
        eventsRead.clear();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof EventStorageEngine engine ? new Counting(engine) : bean;
    }

    private final class Counting implements EventStorageEngine {

        private final EventStorageEngine engine;

        private Counting(EventStorageEngine engine) {
            this.engine = engine;
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            DomainEventStream events = engine.readEvents(aggregateIdentifier, firstSequenceNumber);
            AtomicLong count = eventsRead.computeIfAbsent(aggregateIdentifier, id -> new AtomicLong());
            return DomainEventStream.of(events.asStream().peek(event -> count.incrementAndGet()),
                    events::getLastSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return engine.readSnapshot(aggregateIdentifier);
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            engine.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            engine.storeSnapshot(snapshot);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return engine.readEvents(trackingToken, mayBlock);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            return engine.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return engine.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return engine.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return engine.createTokenAt(dateTime);
        }
    }
}
