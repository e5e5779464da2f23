package org.standstill.query.tally;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.DayEvent;
import org.standstill.api.campaign.CampaignCreated;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final JdbcClient jdbc;
    private final EventPositions recent;

    TallyProjection(ProjectionWriter writer, JdbcClient jdbc, EventPositions recent) {
        this.writer = writer;
        this.jdbc = jdbc;
        this.recent = recent;
    }

    @EventHandler
    void on(DayEvent event, DomainEventMessage<?> message) {
        collect(message);
    }

    @EventHandler
    void on(CampaignCreated event, DomainEventMessage<?> message) {
        collect(message);
    }

    private void collect(DomainEventMessage<?> message) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<DomainEventMessage<?>> batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> writer.write(stored(events)));
            return events;
        });
        batch.add(message);
    }

    /**
     * The batch's events at their own global index, as the store's rows gave it when the processor read them
     * ({@link EventPositions}); those read too long ago, in one query.
     */
    private List<ProjectionWriter.Stored> stored(List<DomainEventMessage<?>> events) {
        Map<String, Long> positions = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (DomainEventMessage<?> e : events) {
            Long position = recent.of(e.getIdentifier());
            if (position == null) {
                unknown.add(e.getIdentifier());
            } else {
                positions.put(e.getIdentifier(), position);
            }
        }
        if (!unknown.isEmpty()) {
            jdbc.sql("SELECT eventidentifier, globalindex FROM domainevententry WHERE eventidentifier = ANY (?)")
                    .param(unknown.toArray(String[]::new))
                    .query(rs -> {
                        positions.put(rs.getString(1), rs.getLong(2));
                    });
        }
        List<ProjectionWriter.Stored> stored = new ArrayList<>(events.size());
        for (DomainEventMessage<?> e : events) {
            Long position = positions.get(e.getIdentifier());
            if (position == null) {
                throw new IllegalStateException("Event " + e.getIdentifier() + " is not in the event store");
            }
            stored.add(new ProjectionWriter.Stored(position, e.getIdentifier(), e.getAggregateIdentifier(),
                    e.getSequenceNumber(), e.getTimestamp(), e.getPayload()));
        }
        stored.sort(java.util.Comparator.comparingLong(ProjectionWriter.Stored::position));
        return stored;
    }
}
