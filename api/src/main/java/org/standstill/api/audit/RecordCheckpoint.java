package org.standstill.api.audit;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Record the heads of the day's aggregates that changed since the last checkpoint. */
public record RecordCheckpoint(@TargetAggregateIdentifier String checkpointId, String dayId, long upToPosition,
                               List<Head> heads) {
}
