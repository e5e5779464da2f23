package org.standstill.command.audit;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.standstill.api.audit.ChainHash;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.api.audit.Head;

import java.time.Instant;
import java.util.List;

/**
 * A day's checkpoints: one stream of {@link CheckpointRecorded} events per day (aggregate id {@code checkpoint:<dayId>},
 * type {@value #TYPE}), chained by {@link EventChain} like every other stream of the log.
 * <p>
 * This stream has no state to decide on: what a checkpoint holds comes from the log since the last one, and that
 * checkpoints never overlap is kept by {@link Checkpoints}, which covers each stretch of the log once, one recorder
 * at a time. So the stream is never replayed: the next checkpoint is appended right after the stream's last sequence
 * number. (It used to be an event-sourced aggregate, loaded from every earlier checkpoint of the day, with every
 * head they held, to append one more each minute.) Its stored events keep their aggregate type and shape.
 */
final class IntegrityCheckpoint {

    /** The aggregate type the day's checkpoint events are stored with, as they always were. */
    static final String TYPE = "IntegrityCheckpoint";

    private IntegrityCheckpoint() {
    }

    static String idOf(String dayId) {
        return "checkpoint:" + dayId;
    }

    /**
     * The day's next checkpoint, to append after {@code lastSequence} (null: the day has none yet): the heads, in the
     * order given, of the day's aggregates that changed up to {@code upToPosition}, and their digest.
     */
    static DomainEventMessage<CheckpointRecorded> next(String dayId, Long lastSequence, long upToPosition,
                                                       List<Head> heads, Instant at) {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("A checkpoint of " + dayId + " needs at least one head");
        }
        CheckpointRecorded checkpoint = new CheckpointRecorded(dayId, upToPosition, List.copyOf(heads),
                ChainHash.digest(heads));
        return new GenericDomainEventMessage<>(TYPE, idOf(dayId), lastSequence == null ? 0 : lastSequence + 1,
                checkpoint, MetaData.emptyInstance(), IdentifierFactory.getInstance().generateIdentifier(), at);
    }
}
