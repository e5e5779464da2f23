package org.standstill.command.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.audit.ChainHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * Chains every event an aggregate applies to the one before it ({@link ChainHash}): adds the event's
 * hash and its predecessor's to its metadata before it is stored.
 */
@Component
class EventChain {

    private static final String LAST_HASHES = EventChain.class.getName() + ".lastHashes";

    private final Serializer eventSerializer;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EventChain(EventStore eventStore, @Qualifier("eventSerializer") Serializer eventSerializer, JdbcClient jdbc,
               ObjectMapper defaultAxonObjectMapper) {
        this.eventSerializer = eventSerializer;
        this.jdbc = jdbc;
        this.json = defaultAxonObjectMapper;
        eventStore.registerDispatchInterceptor(messages -> (index, message) -> chain(message));
    }

    EventMessage<?> chain(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> event) || event.getAggregateIdentifier() == null) {
            return message;
        }
        Map<String, String> lastHashes = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getOrComputeResource(LAST_HASHES, key -> new HashMap<>())
                : new HashMap<>();
        String aggregateId = event.getAggregateIdentifier();
        String previous = event.getSequenceNumber() == 0 ? ""
                : lastHashes.computeIfAbsent(aggregateId, id -> storedHash(id, event.getSequenceNumber() - 1));
        SerializedObject<byte[]> payload = event.serializePayload(eventSerializer, byte[].class);
        String hash = ChainHash.of(aggregateId, event.getSequenceNumber(), payload.getType().getName(),
                payload.getType().getRevision(), formatInstant(event.getTimestamp()), payload.getData(), previous);
        lastHashes.put(aggregateId, hash);
        return event.andMetaData(Map.of(ChainHash.HASH, hash, ChainHash.PREVIOUS, previous));
    }

    private String storedHash(String aggregateId, long sequence) {
        return jdbc.sql("SELECT metadata FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .params(aggregateId, sequence)
                .query(byte[].class)
                .optional()
                .map(this::hashIn)
                .orElse("");
    }

    private String hashIn(byte[] metadata) {
        try {
            return json.readTree(metadata).path(ChainHash.HASH).asText("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
