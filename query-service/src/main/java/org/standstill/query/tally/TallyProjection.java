package org.standstill.query.tally;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;
import org.standstill.api.DayEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tally's projection as the live processor runs it: each event of a batch is only collected; when the batch's
 * unit of work prepares to commit — in the transaction that also stores the processor's token — the whole batch is
 * written by {@link ProjectionWriter}, the same code a rebuild runs.
 */
@Component
@ProcessingGroup(ProcessedThrough.PROCESSOR)
class TallyProjection {

    private static final String BATCH = "standstill.tally.batch";

    private final ProjectionWriter writer;

    TallyProjection(ProjectionWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(DayEvent event, DomainEventMessage<?> message, TrackingToken token) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<ProjectionWriter.Stored> batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            List<ProjectionWriter.Stored> events = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> {
                events.sort(Comparator.comparingLong(ProjectionWriter.Stored::position));
                writer.write(events);
            });
            return events;
        });
        // The token of an event read from the store holds the event's own global index.
        long position = token.position().orElseThrow(() -> new IllegalStateException(
                "Event " + message.getIdentifier() + " came without its position in the log: " + token));
        batch.add(new ProjectionWriter.Stored(position, message.getIdentifier(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), message.getTimestamp(), message.getPayload()));
    }
}
