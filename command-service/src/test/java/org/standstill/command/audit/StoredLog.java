package org.standstill.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.standstill.api.audit.ChainHash;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.api.audit.Head;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The event log on PostgreSQL as the checkpoint tests see it: writes chained events of days' aggregates through the
 * service's event store, and reads the recorded checkpoints back, checked as the auditors' integrity check checks
 * them (query-service {@code Integrity}): the checkpoint stream's own hash chain, each head against the stored event,
 * and each digest.
 */
final class StoredLog {

    /** An event of some aggregate of a day: all a checkpoint looks at is its aggregate, sequence, hash and day. */
    record Noted(String dayId, int note) {
    }

    /** A recorded checkpoint: where it is in the log, the transaction that wrote it, and what it says. */
    record Recorded(long position, long sequence, String transaction, long upToPosition, List<Head> heads) {
    }

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    StoredLog(EventStore eventStore, TransactionManager transactionManager, JdbcClient jdbc, ObjectMapper json) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.json = json;
    }

    void empty() {
        jdbc.sql("TRUNCATE domainevententry, snapshotevententry").update();
        jdbc.sql("UPDATE checkpoint_state SET up_to = 0").update();
    }

    static String aggregate(String dayId, int n) {
        return "report-" + dayId + "-" + n;
    }

    /** Writes {@code eventsEach} events for each of {@code aggregates} new aggregates of the day, an hour old. */
    List<String> seed(String dayId, int aggregates, int eventsEach) {
        List<String> ids = new ArrayList<>();
        List<DomainEventMessage<?>> events = new ArrayList<>();
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        for (int a = 0; a < aggregates; a++) {
            String id = aggregate(dayId, a);
            ids.add(id);
            for (int e = 0; e < eventsEach; e++) {
                events.add(event(dayId, id, e, anHourAgo));
            }
        }
        publish(events);
        return ids;
    }

    /** Writes one more event, an hour old, for each of the given aggregates of the day. */
    void change(String dayId, List<String> aggregateIds) {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        publish(aggregateIds.stream().<DomainEventMessage<?>>map(id -> event(dayId, id,
                eventStore.lastSequenceNumberFor(id).orElseThrow() + 1, anHourAgo)).toList());
    }

    /** Writes one event for a new aggregate of the day, stamped now. */
    void noteNow(String dayId, String aggregateId) {
        publish(List.of(event(dayId, aggregateId, 0, Instant.now())));
    }

    private static DomainEventMessage<?> event(String dayId, String aggregateId, long sequence, Instant at) {
        return new GenericDomainEventMessage<>("Report", aggregateId, sequence, new Noted(dayId, (int) sequence),
                MetaData.emptyInstance(), UUID.randomUUID().toString(), at);
    }

    private void publish(List<DomainEventMessage<?>> events) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            CurrentUnitOfWork.get().attachTransaction(transactionManager);
            eventStore.publish(events);
        });
    }

    long upTo() {
        return jdbc.sql("SELECT up_to FROM checkpoint_state").query(Long.class).single();
    }

    /** The position of the newest event that is not a checkpoint. */
    long lastPosition() {
        return jdbc.sql("SELECT coalesce(max(globalindex), 0) FROM domainevententry "
                + "WHERE aggregateidentifier NOT LIKE 'checkpoint:%'").query(Long.class).single();
    }

    long eventsBetween(long after, long upTo) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE globalindex > ? AND globalindex <= ?")
                .params(after, upTo).query(Long.class).single();
    }

    long checkpointEvents() {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier LIKE 'checkpoint:%'")
                .query(Long.class).single();
    }

    /** The newest event of each of the day's aggregates (not its checkpoints), as the head a checkpoint gives it. */
    Map<String, Head> latestHeads(String dayId) {
        Map<String, Head> heads = new HashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier, sequencenumber, metadata
                        FROM domainevententry
                        WHERE aggregateidentifier NOT LIKE 'checkpoint:%'
                          AND convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = ?
                        ORDER BY aggregateidentifier, sequencenumber DESC""")
                .param(dayId)
                .query(rs -> {
                    heads.put(rs.getString(1), new Head(rs.getString(1), rs.getLong(2),
                            tree(rs.getBytes(3)).path(ChainHash.HASH).asText()));
                });
        return heads;
    }

    /**
     * The day's checkpoints in their order, after checking them as the integrity check does; a checkpoint that would
     * not verify there fails the test here, naming what is wrong.
     */
    List<Recorded> checkpointsOf(String dayId) {
        List<Recorded> recorded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String previous = "";
        for (Map<String, Object> row : jdbc.sql("""
                        SELECT globalindex, sequencenumber, xmin::text AS tx, payloadtype, payloadrevision, timestamp,
                               payload, metadata, type
                        FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber""")
                .param(IntegrityCheckpoint.idOf(dayId)).query().listOfRows()) {
            long sequence = ((Number) row.get("sequencenumber")).longValue();
            byte[] payload = (byte[]) row.get("payload");
            JsonNode metadata = tree((byte[]) row.get("metadata"));
            String hash = metadata.path(ChainHash.HASH).asText("");
            String storedPrevious = metadata.path(ChainHash.PREVIOUS).asText("");
            if (sequence != recorded.size()) {
                problems.add("checkpoint " + sequence + ": expected sequence " + recorded.size());
            }
            if (!"IntegrityCheckpoint".equals(row.get("type"))) {
                problems.add("checkpoint " + sequence + ": aggregate type " + row.get("type"));
            }
            if (!CheckpointRecorded.class.getName().equals(row.get("payloadtype"))
                    || !"1".equals(row.get("payloadrevision"))) {
                problems.add("checkpoint " + sequence + ": payload " + row.get("payloadtype") + " revision "
                        + row.get("payloadrevision"));
            }
            String recomputed = ChainHash.of(IntegrityCheckpoint.idOf(dayId), sequence, (String) row.get("payloadtype"),
                    (String) row.get("payloadrevision"), (String) row.get("timestamp"), payload, storedPrevious);
            if (!recomputed.equals(hash)) {
                problems.add("checkpoint " + sequence + ": content does not match its hash");
            }
            if (!storedPrevious.equals(previous)) {
                problems.add("checkpoint " + sequence + ": not chained to the previous checkpoint");
            }
            previous = hash;
            CheckpointRecorded checkpoint = read(payload);
            if (!checkpoint.dayId().equals(dayId)) {
                problems.add("checkpoint " + sequence + ": of day " + checkpoint.dayId());
            }
            if (!ChainHash.digest(checkpoint.heads()).equals(checkpoint.digest())) {
                problems.add("checkpoint " + sequence + ": digest does not match its heads");
            }
            for (Head head : checkpoint.heads()) {
                String found = storedHash(head.aggregateId(), head.sequence());
                if (!head.hash().equals(found)) {
                    problems.add("checkpoint " + sequence + ": head " + head + " but the log has " + found);
                }
            }
            recorded.add(new Recorded(((Number) row.get("globalindex")).longValue(), sequence, (String) row.get("tx"),
                    checkpoint.upToPosition(), checkpoint.heads()));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the checkpoints of " + dayId + " do not verify:\n" + String.join("\n", problems));
        }
        return recorded;
    }

    private String storedHash(String aggregateId, long sequence) {
        return jdbc.sql("SELECT metadata FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .params(aggregateId, sequence).query(byte[].class).optional()
                .map(metadata -> tree(metadata).path(ChainHash.HASH).asText("")).orElse("absent");
    }

    private CheckpointRecorded read(byte[] payload) {
        try {
            return json.readValue(payload, CheckpointRecorded.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode tree(byte[] content) {
        try {
            return content == null ? json.createObjectNode() : json.readTree(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
