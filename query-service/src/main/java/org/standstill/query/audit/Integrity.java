package org.standstill.query.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.standstill.api.audit.ChainHash;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies a day's part of the event log: every aggregate's hash chain ({@link ChainHash}) recomputed from
 * the stored rows, no sequence number missing, every event the query side has indexed still there, and
 * every head recorded by the day's checkpoints still there with the same hash.
 */
@Component
class Integrity {

    record Broken(String eventId, String aggregateId, long sequence, String problem, String expected, String found) {
    }

    record Checkpoint(long position, long upToPosition, int heads, String digest) {
    }

    record Report(String dayId, boolean ok, long events, long aggregates, List<Broken> broken, Checkpoint checkpoint) {
    }

    private record Stored(String aggregateId, long sequence, String eventId, long position, String payloadType,
                          String revision, String timestamp, byte[] payload, JsonNode metadata) {
    }

    private record Indexed(long position, String aggregateId, long sequence, String eventId) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Integrity(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Report check(String dayId) {
        List<Indexed> indexed = jdbc.sql("SELECT position, aggregate_id, sequence, event_id FROM event_index WHERE day_id = ?")
                .param(dayId)
                .query((rs, row) -> new Indexed(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list();
        Set<String> aggregates = new TreeSet<>();
        indexed.forEach(i -> aggregates.add(i.aggregateId()));
        String checkpoints = "checkpoint:" + dayId;
        aggregates.add(checkpoints);
        List<JsonNode> recordedCheckpoints = load(Set.of(checkpoints)).getOrDefault(checkpoints, List.of()).stream()
                .map(c -> json.readTree(new String(c.payload(), StandardCharsets.UTF_8)))
                .toList();
        recordedCheckpoints.forEach(c -> c.path("heads").forEach(h -> aggregates.add(h.path("aggregateId").asString())));
        Map<String, List<Stored>> log = load(aggregates);

        List<Broken> broken = new ArrayList<>();
        Map<String, Stored> byKey = new HashMap<>();
        long events = 0;
        for (String aggregateId : aggregates) {
            String previous = "";
            long expectedSequence = 0;
            for (Stored event : log.getOrDefault(aggregateId, List.of())) {
                events++;
                byKey.put(key(aggregateId, event.sequence()), event);
                if (event.sequence() != expectedSequence) {
                    broken.add(new Broken(event.eventId(), aggregateId, event.sequence(),
                            "events missing before this one", "sequence " + expectedSequence, "sequence " + event.sequence()));
                }
                String storedHash = event.metadata().path(ChainHash.HASH).asString("");
                String storedPrevious = event.metadata().path(ChainHash.PREVIOUS).asString("");
                String recomputed = ChainHash.of(aggregateId, event.sequence(), event.payloadType(), event.revision(),
                        event.timestamp(), event.payload(), storedPrevious);
                if (!recomputed.equals(storedHash)) {
                    broken.add(new Broken(event.eventId(), aggregateId, event.sequence(),
                            "content does not match its hash", recomputed, storedHash));
                }
                if (!storedPrevious.equals(previous)) {
                    broken.add(new Broken(event.eventId(), aggregateId, event.sequence(),
                            "not chained to the previous event", previous, storedPrevious));
                }
                previous = storedHash;
                expectedSequence = event.sequence() + 1;
            }
        }
        for (Indexed i : indexed) {
            if (!byKey.containsKey(key(i.aggregateId(), i.sequence()))) {
                broken.add(new Broken(i.eventId(), i.aggregateId(), i.sequence(),
                        "event missing from the log (it was at position " + i.position() + ")", "present", "absent"));
            }
        }
        Checkpoint latest = null;
        List<Stored> checkpointEvents = log.getOrDefault(checkpoints, List.of());
        for (int c = 0; c < checkpointEvents.size(); c++) {
            Stored checkpoint = checkpointEvents.get(c);
            JsonNode recorded = recordedCheckpoints.get(c);
            for (JsonNode head : recorded.path("heads")) {
                String aggregateId = head.path("aggregateId").asString();
                long sequence = head.path("sequence").asLong();
                Stored event = byKey.get(key(aggregateId, sequence));
                String found = event == null ? "absent" : event.metadata().path(ChainHash.HASH).asString("");
                if (!head.path("hash").asString().equals(found)) {
                    broken.add(new Broken(event == null ? null : event.eventId(), aggregateId, sequence,
                            "does not match the head recorded by the checkpoint at position " + checkpoint.position(),
                            head.path("hash").asString(), found));
                }
            }
            latest = new Checkpoint(checkpoint.position(), recorded.path("upToPosition").asLong(),
                    recorded.path("heads").size(), recorded.path("digest").asString());
        }
        return new Report(dayId, broken.isEmpty(), events, aggregates.size(), broken, latest);
    }

    private Map<String, List<Stored>> load(Set<String> aggregates) {
        Map<String, List<Stored>> log = new HashMap<>();
        jdbc.sql("""
                        SELECT aggregateidentifier, sequencenumber, eventidentifier, globalindex, payloadtype,
                               payloadrevision, timestamp, payload, convert_from(metadata, 'UTF8')
                        FROM domainevententry WHERE aggregateidentifier = ANY (?)
                        ORDER BY aggregateidentifier, sequencenumber""")
                .param(aggregates.toArray(String[]::new))
                .query((rs, row) -> new Stored(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8),
                        rs.getString(9) == null ? json.createObjectNode() : json.readTree(rs.getString(9))))
                .list()
                .forEach(s -> log.computeIfAbsent(s.aggregateId(), a -> new ArrayList<>()).add(s));
        return log;
    }

    private static String key(String aggregateId, long sequence) {
        return aggregateId + "#" + sequence;
    }
}
