package org.standstill.query.tally;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * How far the tally's processor has come, read from its tokens in the database (so every instance agrees):
 * the position through which every event of the log has been applied, and the instant through which every
 * recorded event has (API.md, "position means processed through", "knownAt is what the view truly reflects").
 */
@Component
public class ProcessedThrough {

    public static final String PROCESSOR = "tally";

    /**
     * {@code position}: every event at or below it is applied. {@code horizon}: every event recorded at or before it
     * is applied, as far as the log shows — null when nothing committed is waiting (then every event recorded up to
     * now is applied). Events commit out of index order, but an event not yet committed was recorded no earlier than
     * the last one applied before it, so while something waits the horizon is the earlier of that event's time and
     * just before the first one waiting.
     */
    public record Progress(long position, Instant horizon) {

        /** The latest instant up to {@code knownAt} that a view can be complete for. */
        public Instant complete(Instant knownAt) {
            return horizon == null || !horizon.isBefore(knownAt) ? knownAt : horizon;
        }
    }

    private final JdbcClient jdbc;
    private final Serializer serializer;

    ProcessedThrough(JdbcClient jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The processor's token of each segment, as stored (null where it has none yet). */
    public List<TrackingToken> tokens() {
        return jdbc.sql("SELECT token, tokentype FROM tokenentry WHERE processorname = ? ORDER BY segment")
                .param(PROCESSOR)
                .query((rs, row) -> rs.getBytes(1) == null ? null : serializer.<byte[], TrackingToken>deserialize(
                        new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null)))
                .list();
    }

    /** Each segment's token, by segment id (null where it has none yet). */
    public java.util.Map<Integer, TrackingToken> segmentTokens() {
        java.util.Map<Integer, TrackingToken> tokens = new java.util.TreeMap<>();
        jdbc.sql("SELECT segment, token, tokentype FROM tokenentry WHERE processorname = ?")
                .param(PROCESSOR)
                .query(rs -> {
                    tokens.put(rs.getInt(1), rs.getBytes(2) == null ? null : serializer.<byte[], TrackingToken>deserialize(
                            new SimpleSerializedObject<>(rs.getBytes(2), byte[].class, rs.getString(3), null)));
                });
        return tokens;
    }

    /**
     * The position through which every segment has applied every event: the lowest of the segments' tokens, each at
     * its index or just below its first gap that may still be filled ({@link #waiting}).
     */
    public long position() {
        List<TrackingToken> tokens = tokens();
        if (tokens.isEmpty()) {
            return 0;
        }
        java.util.SortedSet<Long> gaps = new java.util.TreeSet<>();
        for (TrackingToken token : tokens) {
            TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
            if (current instanceof GapAwareTrackingToken gapAware) {
                gaps.addAll(gapAware.getGaps());
            }
        }
        java.util.Set<Long> waiting = gaps.isEmpty() ? java.util.Set.of() : waiting(gaps);
        long position = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            position = Math.min(position, of(token, waiting));
        }
        return Math.max(0, position);
    }

    /**
     * The gaps that may still be filled. A gap is an append in flight, or one rolled back, e.g. the loser of two
     * instances racing to store a report's first event: its sequence value is never used, and the processor's token
     * keeps it until the gap timeout, so a view waiting for every gap would stand still for a minute. A gap counts as
     * filled once its event is there (the processor has yet to apply it), and as gone once no event could fill it: when
     * the next stored event is older than the gap timeout, or no transaction of the database's that writes is still running that
     * began before that event was recorded ({@link #IN_FLIGHT_MARGIN_SECONDS} later, for the time a command takes from
     * its event to its insert). Any transaction that could still append the gap's event began before it took the gap's
     * index, so before the next event's.
     */
    java.util.Set<Long> waiting(java.util.SortedSet<Long> gaps) {
        return new java.util.HashSet<>(jdbc.sql("""
                        SELECT g FROM unnest(?::bigint[]) AS g
                        WHERE EXISTS (SELECT 1 FROM domainevententry e WHERE e.globalindex = g)
                           OR EXISTS (SELECT 1 FROM (SELECT timestamp::timestamptz AS recorded FROM domainevententry
                                                     WHERE globalindex > g ORDER BY globalindex LIMIT 1) next
                                      WHERE next.recorded > now() - make_interval(secs => ?)
                                        AND EXISTS (SELECT 1 FROM pg_stat_activity a
                                                    WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                                                      AND a.backend_xid IS NOT NULL
                                                      AND a.xact_start <= next.recorded + make_interval(secs => ?)))
                           OR NOT EXISTS (SELECT 1 FROM domainevententry e WHERE e.globalindex > g)""")
                .params(gaps.toArray(Long[]::new), GAP_TIMEOUT_SECONDS, IN_FLIGHT_MARGIN_SECONDS)
                .query(Long.class).list());
    }

    /** As the event store's gap timeout (query-service AxonConfig). */
    static final int GAP_TIMEOUT_SECONDS = 60;
    static final int IN_FLIGHT_MARGIN_SECONDS = 5;

    /** Every event at or below the returned index is covered by the token, but for gaps that are not waiting. */
    static long of(TrackingToken token, java.util.Set<Long> waiting) {
        if (token instanceof ReplayToken replay) {
            token = replay.getCurrentToken();
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            for (long gap : gapAware.getGaps()) {
                if (waiting.contains(gap)) {
                    return gap - 1;
                }
            }
            return gapAware.getIndex();
        }
        return token == null ? 0 : token.position().orElse(0);
    }

    /** Every event at or below the returned index is covered by the token. */
    public static long of(TrackingToken token) {
        if (token instanceof ReplayToken replay) {
            token = replay.getCurrentToken();
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getGaps().isEmpty() ? gapAware.getIndex() : gapAware.getGaps().first() - 1;
        }
        return token == null ? 0 : token.position().orElse(0);
    }

    public Progress progress() {
        long position = position();
        record Row(long index, Instant recordedAt) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT globalindex, timestamp FROM domainevententry WHERE globalindex >= ?
                        ORDER BY globalindex LIMIT 2""")
                .param(position)
                .query((rs, n) -> new Row(rs.getLong(1), Instant.parse(rs.getString(2))))
                .list();
        Instant applied = null;
        Instant waiting = null;
        for (Row row : rows) {
            if (row.index() == position) {
                applied = row.recordedAt();
            } else if (waiting == null) {
                waiting = row.recordedAt().minusNanos(1000);
            }
        }
        if (waiting == null) {
            return new Progress(position, null);
        }
        return new Progress(position, applied != null && applied.isBefore(waiting) ? applied : waiting);
    }
}
