package org.standstill.command.audit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.standstill.api.audit.Head;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * Periodically ({@code standstill.checkpoint-interval}) records, per day, the heads of the aggregates whose events
 * arrived since the last checkpoint ({@link IntegrityCheckpoint}).
 * <ul>
 * <li>Only events older than {@code standstill.checkpoint-settle} are taken, so no transaction still in flight can
 * commit below the checkpoint's position afterwards.</li>
 * <li>A round covers at most {@code standstill.checkpoint-chunk} events of the log, in one transaction that also moves
 * {@code checkpoint_state.up_to}; rounds follow one another until the log is covered. So the first checkpoint over a
 * large log, or a backlog after an outage, is recorded chunk by chunk with bounded memory and transactions.</li>
 * <li>A round costs what changed since the last one: the events in its stretch of the log (read by position), and
 * per day one look-up of the checkpoint stream's last sequence number and one of its last hash; the day's earlier
 * checkpoints are never read.</li>
 * <li>One recorder at a time, whatever the number of command-service instances: a round holds the row lock of
 * {@code checkpoint_state} until it commits; a recorder that finds it locked leaves the round to the holder.</li>
 * </ul>
 */
@Component
class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    /** How a round ended. */
    enum Round {
        /** Another recorder holds the lock: it records this stretch of the log. */
        BUSY,
        /** No settled event since the last checkpoint. */
        NOTHING,
        /** Recorded the rest of the settled log. */
        CAUGHT_UP,
        /** Recorded a full chunk: more of the log may be waiting. */
        CHUNK
    }

    private record Stretch(Long upTo, long events) {
    }

    private final JdbcClient jdbc;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final Clock clock;
    private final Duration settle;
    private final int chunk;

    Checkpoints(JdbcClient jdbc, EventStore eventStore, TransactionManager transactionManager, Clock clock,
                @Value("${standstill.checkpoint-settle:PT30S}") Duration settle,
                @Value("${standstill.checkpoint-chunk:10000}") int chunk) {
        if (chunk < 1) {
            throw new IllegalStateException("standstill.checkpoint-chunk must be at least 1, not " + chunk);
        }
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.clock = clock;
        this.settle = settle;
        this.chunk = chunk;
    }

    @Scheduled(fixedDelayString = "${standstill.checkpoint-interval:PT1M}", initialDelayString = "${standstill.checkpoint-interval:PT1M}")
    void record() {
        int chunks = 0;
        Round round;
        do {
            round = recordRound();
            chunks += round == Round.CHUNK || round == Round.CAUGHT_UP ? 1 : 0;
        } while (round == Round.CHUNK);
        if (chunks > 1) {
            log.info("Integrity checkpoints recorded in {} chunks of up to {} events of the log", chunks, chunk);
        }
    }

    /** One round, in one transaction: Axon's unit of work appends the checkpoint events in it. */
    Round recordRound() {
        ResultMessage<Round> result = DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            CurrentUnitOfWork.get().attachTransaction(transactionManager);
            return round();
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
        }
        return result.getPayload();
    }

    private Round round() {
        // Read committed: after the lock, this reads what the previous holder committed.
        Optional<Long> locked = jdbc.sql("SELECT up_to FROM checkpoint_state FOR UPDATE SKIP LOCKED")
                .query(Long.class).optional();
        if (locked.isEmpty()) {
            log.debug("Another recorder is recording integrity checkpoints");
            return Round.BUSY;
        }
        long after = locked.get();
        Stretch stretch = nextStretch(after);
        if (stretch.upTo() == null) {
            return Round.NOTHING;
        }
        long upTo = stretch.upTo();
        Map<String, List<Head>> headsByDay = headsByDay(after, upTo);
        Map<String, Long> lastSequences = lastSequences(headsByDay.keySet());
        List<DomainEventMessage<?>> recorded = new ArrayList<>();
        headsByDay.forEach((dayId, heads) -> recorded.add(
                IntegrityCheckpoint.next(dayId, lastSequences.get(dayId), upTo, heads, clock.instant())));
        eventStore.publish(recorded);
        int moved = jdbc.sql("UPDATE checkpoint_state SET up_to = ? WHERE up_to = ?").params(upTo, after).update();
        if (moved != 1) {
            throw new IllegalStateException("checkpoint_state moved from " + after + " while this round held it");
        }
        log.debug("Integrity checkpoints of {} days over {} events up to position {}", recorded.size(),
                stretch.events(), upTo);
        return stretch.events() >= chunk ? Round.CHUNK : Round.CAUGHT_UP;
    }

    /**
     * The stretch of the log this round covers: of the next {@code chunk} events after {@code after}, those up to the
     * last settled one (none if none is settled).
     */
    private Stretch nextStretch(long after) {
        return jdbc.sql("""
                        WITH next AS (
                            SELECT globalindex, timestamp FROM domainevententry
                            WHERE globalindex > ? ORDER BY globalindex LIMIT ?),
                        bound AS (SELECT max(globalindex) AS up_to FROM next WHERE timestamp <= ?)
                        SELECT bound.up_to, (SELECT count(*) FROM next WHERE globalindex <= bound.up_to)
                        FROM bound""")
                .params(after, chunk, formatInstant(clock.instant().minus(settle)))
                .query((rs, row) -> new Stretch(rs.getObject(1, Long.class), rs.getLong(2)))
                .single();
    }

    /** Per day, the newest event in (after, upTo] of each aggregate that has one, in aggregate order. */
    private Map<String, List<Head>> headsByDay(long after, long upTo) {
        Map<String, List<Head>> headsByDay = new TreeMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier, sequencenumber,
                               convert_from(metadata, 'UTF8')::jsonb ->> 'hash',
                               convert_from(payload, 'UTF8')::jsonb ->> 'dayId'
                        FROM domainevententry
                        WHERE globalindex > ? AND globalindex <= ? AND aggregateidentifier NOT LIKE 'checkpoint:%'
                        ORDER BY aggregateidentifier, sequencenumber DESC""")
                .params(after, upTo)
                .query(rs -> {
                    if (rs.getString(4) != null) {
                        headsByDay.computeIfAbsent(rs.getString(4), d -> new ArrayList<>())
                                .add(new Head(rs.getString(1), rs.getLong(2), rs.getString(3)));
                    }
                });
        return headsByDay;
    }

    /** The last sequence number of each day's checkpoint stream (absent: none yet), one index probe a day. */
    private Map<String, Long> lastSequences(Iterable<String> dayIds) {
        List<String> streams = new ArrayList<>();
        dayIds.forEach(dayId -> streams.add(IntegrityCheckpoint.idOf(dayId)));
        Map<String, Long> lastSequences = new HashMap<>();
        if (streams.isEmpty()) {
            return lastSequences;
        }
        jdbc.sql("""
                        SELECT stream.id, (SELECT max(sequencenumber) FROM domainevententry
                                           WHERE aggregateidentifier = stream.id)
                        FROM unnest(?::varchar[]) AS stream(id)""")
                .param(streams.toArray(String[]::new))
                .query(rs -> {
                    Long last = rs.getObject(2, Long.class);
                    if (last != null) {
                        lastSequences.put(rs.getString(1).substring("checkpoint:".length()), last);
                    }
                });
        return lastSequences;
    }
}
