package org.standstill.query.tally;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which gaps of the global index can never be filled, as PostgreSQL itself tells: a gap is an index that a
 * transaction took from the event table's sequence and has not committed. Most are inserts still in flight, filled
 * within milliseconds. Some never will be: an insert rolled back (a connection cut mid-transaction, a duplicate
 * refused) or sequence values that PostgreSQL skips when it recovers from a crash (it logs them ahead in batches).
 * Axon keeps such a gap in the processor's token until 10,000 events later, and a view that is only "processed
 * through" the first gap would stand still until then.
 *
 * <p>A gap is known to be permanent once every transaction that could hold it has ended and its index is still not
 * in the table. The index was taken before the gap was first seen (a higher one had committed), so its transaction
 * had started by then; {@link #SETTLE} later (long after it was given a transaction id: that happens in the same
 * statement), the next transaction id is noted. When the oldest transaction still running is younger than that id,
 * the holder has ended: committed — then the event is in the table and is not a gap — or rolled back.
 */
@Component
class PermanentGaps {

    private static final Logger log = LoggerFactory.getLogger(PermanentGaps.class);
    static final Duration SETTLE = Duration.ofSeconds(1);

    /** A gap as this instance has seen it: when first, the next transaction id once settled, whether permanent. */
    private record Sighting(long firstSeen, Long nextXid, boolean permanent) {
    }

    private final JdbcClient jdbc;
    private final LongSupplier nanoTime;
    private final Map<Long, Sighting> sightings = new ConcurrentHashMap<>();

    @Autowired
    PermanentGaps(JdbcClient jdbc) {
        this(jdbc, System::nanoTime);
    }

    PermanentGaps(JdbcClient jdbc, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.nanoTime = nanoTime;
    }

    /**
     * The lowest of {@code gaps} that is not known to be permanent, or null when all are. Reads PostgreSQL only while
     * a gap older than {@link #SETTLE} is undecided.
     */
    Long firstOpen(SortedSet<Long> gaps) {
        sightings.keySet().retainAll(gaps);
        long now = nanoTime.getAsLong();
        List<Long> candidates = new ArrayList<>();
        Long open = null;
        Long next = null;
        for (long gap : gaps) {
            Sighting seen = sightings.computeIfAbsent(gap, g -> new Sighting(now, null, false));
            if (seen.permanent()) {
                continue;
            }
            if (open == null && seen.nextXid() != null) {
                candidates.add(gap);
                continue;
            }
            if (open == null) {
                open = gap;
            }
            // Every gap is watched from the moment it is seen, not only the lowest: a crash skips dozens at once.
            if (seen.nextXid() == null && now - seen.firstSeen() >= SETTLE.toNanos()) {
                if (next == null) {
                    next = nextXid();
                }
                sightings.put(gap, new Sighting(seen.firstSeen(), next, false));
            }
        }
        if (candidates.isEmpty()) {
            return open;
        }
        long oldestRunning = oldestRunningXid();
        log.debug("Gaps {} settled: oldest transaction running {}", candidates, oldestRunning);
        Set<Long> committed = new HashSet<>(jdbc.sql("SELECT globalindex FROM domainevententry WHERE globalindex = ANY (?)")
                .param(candidates.toArray(Long[]::new)).query(Long.class).list());
        for (long gap : candidates) {
            Sighting seen = sightings.get(gap);
            if (seen == null || oldestRunning < seen.nextXid() || committed.contains(gap)) {
                return gap;
            }
            sightings.put(gap, new Sighting(seen.firstSeen(), seen.nextXid(), true));
            log.info("Gap {} of the global index is permanent (seen {} ms ago; no transaction that could fill it runs)",
                    gap, (now - seen.firstSeen()) / 1_000_000);
        }
        return open;
    }

    /** A transaction id higher than that of every transaction begun so far (it takes one: cheap). */
    private long nextXid() {
        return jdbc.sql("SELECT pg_current_xact_id()::text::bigint").query(Long.class).single();
    }

    /** The id of the oldest transaction still running (every lower one has ended). */
    private long oldestRunningXid() {
        return jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").query(Long.class).single();
    }
}
