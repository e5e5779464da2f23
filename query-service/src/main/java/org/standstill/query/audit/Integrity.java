package org.standstill.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.standstill.api.audit.ChainHash;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a day's part of the event log: every aggregate's hash chain ({@link ChainHash}) recomputed from
 * the stored rows, no sequence number missing, every event the query side has indexed still there, and
 * every head recorded by the day's checkpoints still there with the same hash.
 *
 * <p>In bounded memory, whatever the size of the day: the stored events of the day's aggregates come in one
 * query, ordered by aggregate and sequence number and fetched a few hundred rows at a time, and each chain is
 * verified as its rows pass, holding only the previous hash and the next expected sequence number. Indexed
 * events gone from the log and checkpoint heads that no longer match are found by joins in PostgreSQL, so
 * only their problems reach this side. At most {@link #MAX_BROKEN} problems are kept for the answer; all are
 * counted. Every query runs in one read-only REPEATABLE READ transaction, so the whole check sees one
 * snapshot of the log and the index.
 */
@Component
class Integrity {

    /** Problems listed in an answer; the rest are only counted ({@code brokenCount}). */
    static final int MAX_BROKEN = 1000;

    /**
     * Rows fetched at a time. A row is one event, its payload at most {@link #LARGE_PAYLOAD} bytes here:
     * larger ones (a day's zones can be megabytes) are read on their own.
     */
    static final int FETCH_SIZE = 256;

    /** Payloads larger than this are left out of the fetched rows and read one at a time. */
    static final int LARGE_PAYLOAD = 64 * 1024;

    record Broken(String eventId, String aggregateId, long sequence, String problem, String expected, String found) {
    }

    record Checkpoint(long position, long upToPosition, int heads, String digest) {
    }

    /**
     * @param broken      the first {@link #MAX_BROKEN} problems, in the order the check found them
     * @param brokenCount how many problems there are in all
     */
    @Schema(name = "IntegrityReport")
    record Report(String dayId, boolean ok, long events, long aggregates, List<Broken> broken, long brokenCount,
                  Checkpoint checkpoint) {
    }

    /** The heads of the checkpoints of the day, as JSON array elements (none when the payload has no array). */
    private static final String HEADS_OF_CHECKPOINT = """
            jsonb_array_elements(CASE jsonb_typeof(convert_from(c.payload, 'UTF8')::jsonb -> 'heads')
                                 WHEN 'array' THEN convert_from(c.payload, 'UTF8')::jsonb -> 'heads'
                                 ELSE '[]'::jsonb END)""";

    /**
     * Every aggregate of the day (indexed by the query side, the day's checkpoints, and every aggregate a
     * checkpoint recorded a head of) with its stored events, in (aggregate, sequence) order; an aggregate
     * with no stored event at all comes once, with nulls. Aggregates are ordered by their bytes (COLLATE "C"),
     * whatever the database's collation, so that the order of the problems does not depend on the server's
     * locale.
     *
     * <p>Shaped for PostgreSQL to stream it rather than sort the whole day: the day's aggregate ids alone are
     * sorted, then each aggregate's events are read from the (aggregateidentifier, sequencenumber) index, in
     * order, by a lateral subquery (OFFSET 0 keeps it from being flattened into a hash join, which would sort
     * every row of the day, payloads and all); the final ORDER BY then costs an incremental sort of each
     * aggregate's few rows.
     */
    private static final String CHAINS = """
            WITH day_aggregate (aggregate_id) AS (
                SELECT aggregate_id FROM event_index WHERE day_id = :day
                UNION
                SELECT CAST(:checkpoints AS VARCHAR)
                UNION
                SELECT head ->> 'aggregateId' FROM domainevententry c, %s AS head
                WHERE c.aggregateidentifier = :checkpoints AND head ->> 'aggregateId' IS NOT NULL
            )
            SELECT a.aggregate_id, e.globalindex, e.sequencenumber, e.eventidentifier, e.payloadtype,
                   e.payloadrevision, e.timestamp, e.size, e.payload, e.metadata
            FROM (SELECT aggregate_id FROM day_aggregate ORDER BY aggregate_id COLLATE "C") a
            LEFT JOIN LATERAL (
                SELECT globalindex, sequencenumber, eventidentifier, payloadtype, payloadrevision, timestamp,
                       octet_length(payload) AS size,
                       CASE WHEN octet_length(payload) <= :large THEN payload END AS payload,
                       convert_from(metadata, 'UTF8') AS metadata
                FROM domainevententry WHERE aggregateidentifier = a.aggregate_id
                ORDER BY sequencenumber OFFSET 0) e ON TRUE
            ORDER BY a.aggregate_id COLLATE "C", e.sequencenumber""".formatted(HEADS_OF_CHECKPOINT);

    /** Events the query side indexed for the day that are not in the log (no event at that aggregate and sequence). */
    private static final String GONE = """
            SELECT i.position, i.aggregate_id, i.sequence, i.event_id
            FROM event_index i
            WHERE i.day_id = ? AND NOT EXISTS (SELECT 1 FROM domainevententry e
                                               WHERE e.aggregateidentifier = i.aggregate_id
                                                 AND e.sequencenumber = i.sequence)
            ORDER BY i.position""";

    /**
     * The heads of the day's checkpoints that the log no longer matches (no event at that aggregate and sequence,
     * or one with another hash), in checkpoint order and then as recorded, with the stored event each names if
     * there is one. A sequence that is not a number is taken as 0, as a JSON reader would. Checkpoints are read
     * one after the other from the index, each one's heads in their order, so nothing but the rows of one
     * checkpoint is ever sorted.
     */
    private static final String HEADS = """
            SELECT c.globalindex, h.head ->> 'aggregateId', h.head -> 'sequence', h.head -> 'hash',
                   e.eventidentifier, e.metadata
            FROM (SELECT globalindex, sequencenumber, payload FROM domainevententry
                  WHERE aggregateidentifier = ? ORDER BY sequencenumber OFFSET 0) c
            CROSS JOIN LATERAL %s WITH ORDINALITY AS h (head, ordinality)
            LEFT JOIN LATERAL (
                SELECT eventidentifier, convert_from(metadata, 'UTF8') AS metadata FROM domainevententry
                WHERE aggregateidentifier = h.head ->> 'aggregateId'
                  AND sequencenumber = CASE WHEN h.head ->> 'sequence' ~ '^-?[0-9]{1,18}$'
                                            THEN CAST(h.head ->> 'sequence' AS BIGINT) ELSE 0 END) e ON TRUE
            WHERE e.eventidentifier IS NULL
               OR (e.metadata::jsonb ->> 'hash') IS DISTINCT FROM (h.head ->> 'hash')
            ORDER BY c.sequencenumber, h.ordinality""".formatted(HEADS_OF_CHECKPOINT);

    /** The newest checkpoint of the day: its position, and what it recorded, without its heads. */
    private static final String NEWEST_CHECKPOINT = """
            SELECT globalindex, p -> 'upToPosition',
                   CASE jsonb_typeof(p -> 'heads') WHEN 'array' THEN jsonb_array_length(p -> 'heads') ELSE 0 END,
                   p -> 'digest'
            FROM (SELECT globalindex, convert_from(payload, 'UTF8')::jsonb AS p FROM domainevententry
                  WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1) newest""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Integrity(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Report check(String dayId) {
        String checkpoints = "checkpoint:" + dayId;
        Problems problems = new Problems();
        Chains chains = new Chains(problems);
        jdbc.sql(CHAINS)
                .param("day", dayId)
                .param("checkpoints", checkpoints)
                .param("large", LARGE_PAYLOAD)
                .withFetchSize(FETCH_SIZE)
                .query(chains);
        jdbc.sql(GONE)
                .param(dayId)
                .withFetchSize(FETCH_SIZE)
                .query((RowCallbackHandler) rs -> problems.add(new Broken(rs.getString(4), rs.getString(2),
                        rs.getLong(3), "event missing from the log (it was at position " + rs.getLong(1) + ")",
                        "present", "absent")));
        jdbc.sql(HEADS)
                .param(checkpoints)
                .withFetchSize(FETCH_SIZE)
                .query(rs -> {
                    String aggregateId = rs.getString(2);
                    long sequence = node(rs.getString(3)).asLong();
                    String recorded = node(rs.getString(4)).asString();
                    String eventId = rs.getString(5);
                    String found = eventId == null ? "absent" : hashes(rs.getString(6)).path(ChainHash.HASH).asString("");
                    if (!recorded.equals(found)) {
                        problems.add(new Broken(eventId, aggregateId, sequence,
                                "does not match the head recorded by the checkpoint at position " + rs.getLong(1),
                                recorded, found));
                    }
                });
        Checkpoint newest = jdbc.sql(NEWEST_CHECKPOINT)
                .param(checkpoints)
                .query((rs, row) -> new Checkpoint(rs.getLong(1), node(rs.getString(2)).asLong(),
                        rs.getInt(3), node(rs.getString(4)).asString()))
                .optional()
                .orElse(null);
        return new Report(dayId, problems.count == 0, chains.events, chains.aggregates, problems.first,
                problems.count, newest);
    }

    /** The problems found: all counted, the first {@link #MAX_BROKEN} kept. */
    private static final class Problems {

        final List<Broken> first = new ArrayList<>();
        long count;

        void add(Broken broken) {
            if (first.size() < MAX_BROKEN) {
                first.add(broken);
            }
            count++;
        }
    }

    /** The chain being verified as its rows pass: the aggregate, its previous hash, the sequence number expected next. */
    private final class Chains implements RowCallbackHandler {

        final Problems problems;
        long events;
        long aggregates;
        String aggregateId;
        String previous;
        long expectedSequence;

        Chains(Problems problems) {
            this.problems = problems;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            String aggregate = rs.getString(1);
            if (!aggregate.equals(aggregateId)) {
                aggregates++;
                aggregateId = aggregate;
                previous = "";
                expectedSequence = 0;
            }
            long position = rs.getLong(2);
            if (rs.wasNull()) {
                return; // an aggregate of the day with no stored event left
            }
            events++;
            long sequence = rs.getLong(3);
            String eventId = rs.getString(4);
            byte[] payload = rs.getInt(8) <= LARGE_PAYLOAD ? rs.getBytes(9) : payloadAt(position);
            JsonNode metadata = hashes(rs.getString(10));
            if (sequence != expectedSequence) {
                problems.add(new Broken(eventId, aggregate, sequence,
                        "events missing before this one", "sequence " + expectedSequence, "sequence " + sequence));
            }
            String storedHash = metadata.path(ChainHash.HASH).asString("");
            String storedPrevious = metadata.path(ChainHash.PREVIOUS).asString("");
            String recomputed = ChainHash.of(aggregate, sequence, rs.getString(5), rs.getString(6), rs.getString(7),
                    payload, storedPrevious);
            if (!recomputed.equals(storedHash)) {
                problems.add(new Broken(eventId, aggregate, sequence,
                        "content does not match its hash", recomputed, storedHash));
            }
            if (!storedPrevious.equals(previous)) {
                problems.add(new Broken(eventId, aggregate, sequence,
                        "not chained to the previous event", previous, storedPrevious));
            }
            previous = storedHash;
            expectedSequence = sequence + 1;
        }
    }

    /** A large payload, read on its own, in the same transaction (and so the same snapshot) as the stream. */
    private byte[] payloadAt(long position) {
        return jdbc.sql("SELECT payload FROM domainevententry WHERE globalindex = ?")
                .param(position)
                .query((rs, row) -> rs.getBytes(1))
                .single();
    }

    private JsonNode hashes(String metadata) {
        return metadata == null ? json.createObjectNode() : json.readTree(metadata);
    }

    /** A JSON value taken from a payload by PostgreSQL ({@code ->}): SQL NULL when the payload has none. */
    private JsonNode node(String value) {
        return value == null ? json.missingNode() : json.readTree(value);
    }
}
