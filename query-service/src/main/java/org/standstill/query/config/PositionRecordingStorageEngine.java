package org.standstill.query.config;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.standstill.query.tally.EventPositions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;

/**
 * Axon's JDBC storage engine, telling {@link EventPositions} the global index of every event it reads for a processor,
 * and reading a processor's private stream (one behind the head of the log: a backlog) ahead of it ({@link ReadAhead}).
 */
final class PositionRecordingStorageEngine extends JdbcEventStorageEngine {

    private final EventPositions positions;

    PositionRecordingStorageEngine(JdbcEventStorageEngine.Builder builder, EventPositions positions) {
        super(builder);
        this.positions = positions;
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> data = super.getTrackedEventData(resultSet, previousToken);
        positions.record(data.getEventIdentifier(), resultSet.getLong(schema().globalIndexColumn()));
        return data;
    }

    /** A blocking stream is the event store's own, at the head of the log; the others are read ahead. */
    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = super.readEvents(trackingToken, mayBlock);
        return mayBlock ? events : ReadAhead.of(events);
    }
}
