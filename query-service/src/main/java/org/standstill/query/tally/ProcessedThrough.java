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
    private final PermanentGaps permanentGaps;

    ProcessedThrough(JdbcClient jdbc, Serializer serializer, PermanentGaps permanentGaps) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.permanentGaps = permanentGaps;
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
     * its index or just below its first gap that may still be filled ({@link PermanentGaps}).
     */
    public long position() {
        List<TrackingToken> tokens = tokens();
        if (tokens.isEmpty()) {
            return 0;
        }
        long position = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            position = Math.min(position, throughOpenGaps(token));
        }
        return Math.max(0, position);
    }

    /**
     * As {@link #of}, except that a gap known never to be filled ({@link PermanentGaps}: an insert rolled back, sequence
     * values skipped by a crash) does not hold the position back: no event can ever be applied there.
     */
    private long throughOpenGaps(TrackingToken token) {
        if (token instanceof ReplayToken replay) {
            token = replay.getCurrentToken();
        }
        if (token instanceof GapAwareTrackingToken gapAware && !gapAware.getGaps().isEmpty()) {
            Long open = permanentGaps.firstOpen(gapAware.getGaps());
            return open == null ? gapAware.getIndex() : open - 1;
        }
        return of(token);
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
