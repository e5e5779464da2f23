package org.standstill.query.config;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.standstill.query.tally.EventPositions;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Axon's JDBC storage engine, telling {@link EventPositions} the global index of every event it reads for a processor. */
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
}
