package org.standstill.command.audit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.audit.ChainHash;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.api.audit.RecordCheckpoint;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A day's checkpoints, chained like every other aggregate's events (id {@code checkpoint:<dayId>}). */
@Aggregate
class IntegrityCheckpoint {

    static String idOf(String dayId) {
        return "checkpoint:" + dayId;
    }

    @AggregateIdentifier
    private String checkpointId;

    IntegrityCheckpoint() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordCheckpoint command) {
        apply(new CheckpointRecorded(command.dayId(), command.upToPosition(), command.heads(),
                ChainHash.digest(command.heads())));
    }

    @EventSourcingHandler
    void on(CheckpointRecorded event) {
        checkpointId = idOf(event.dayId());
    }
}
