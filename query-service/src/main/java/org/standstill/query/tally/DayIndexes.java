package org.standstill.query.tally;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.api.day.Zone;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.WalkoutType;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.DayIndex.Subject;
import org.standstill.query.tally.DayIndex.Version;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Verdict;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each instance's {@link DayIndex} of every day it is asked about: read from {@code report_version} once, then kept
 * up to the processor's processed-through position by reading only the versions after the position it holds. The
 * projection's tables stay the truth; an index can be dropped and read again at any time (after a rebuild, say).
 */
@Component
public class DayIndexes implements ProjectionWriter.KnownSubjects {

    private static final TypeReference<List<Zone>> ZONES = new TypeReference<>() {
    };
    /** Versions read from the database at a time. */
    static final int CHUNK = 20_000;
    /**
     * The heap a day's index and its live view hold per report version: measured on the benchmarks' 10^6-event
     * national day (the live set after a full GC with the day caught up, less the idle service's 29 MB and what a
     * rebuild under way held: about 210 bytes), rounded up.
     */
    static final long BYTES_PER_VERSION = 220;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Map<String, DayIndex> days = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, ZoneIndex> zoneIndexes = new ConcurrentHashMap<>();
    private final long maxVersions;
    private final TransactionTemplate transaction;

    /**
     * {@code standstill.engine.max-versions}: how many report versions all indexes may hold together before the least
     * recently used days are forgotten (read again when asked for); by default what half the heap holds at
     * {@link #BYTES_PER_VERSION} a version, the other half left to the service itself, a rebuild's batches and the
     * requests (the day being read is kept whatever its size).
     */
    DayIndexes(DataSource dataSource, ObjectMapper defaultAxonObjectMapper, TransactionTemplate transaction,
               @Value("${standstill.engine.max-versions:0}") long maxVersions,
               org.standstill.query.config.PostgresNotifications notifications) {
        // A rebuild on any instance may replace the tables: every instance reads its indexes again.
        notifications.listen(org.standstill.query.config.PostgresNotifications.REBUILDS, payload -> {
            if (payload.equals("replaced")) {
                clear();
            }
        });
        this.transaction = transaction;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(5000);
        this.json = defaultAxonObjectMapper;
        this.maxVersions = maxVersions > 0 ? maxVersions : Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_VERSION;
    }

    /** The day's index holding every event up to {@code processedThrough}; empty if the day is unknown. */
    public Optional<DayIndex> get(String dayId, long processedThrough) {
        DayIndex day = days.get(dayId);
        if (day == null) {
            if (!exists(dayId)) {
                return Optional.empty();
            }
            day = days.computeIfAbsent(dayId, DayIndex::new);
        }
        lastUsed.put(dayId, System.nanoTime());
        if (day.position < processedThrough) {
            day.lock.writeLock().lock();
            try {
                if (day.position < processedThrough) {
                    read(day, day.position, processedThrough);
                }
            } finally {
                day.lock.writeLock().unlock();
            }
            evictBeyondBudget(dayId);
        }
        return Optional.of(day);
    }

    /**
     * The day's index holding every event up to {@code processedThrough}, where {@code latest} is the position of the
     * day's latest event as {@code day_view} had it when read after {@code processedThrough} was: the transaction
     * that applied an event also raised that position, so an index already holding {@code latest} is complete up to
     * {@code processedThrough} without looking for more (a campaign's view asks this of each of its hundreds of days,
     * most of which did not change).
     */
    public Optional<DayIndex> get(String dayId, long processedThrough, long latest) {
        DayIndex day = days.get(dayId);
        if (day == null || latest > day.position) {
            return get(dayId, processedThrough);
        }
        lastUsed.put(dayId, System.nanoTime());
        if (day.position < processedThrough) {
            day.lock.writeLock().lock();
            try {
                day.processedThrough(processedThrough);
            } finally {
                day.lock.writeLock().unlock();
            }
        }
        return Optional.of(day);
    }

    /**
     * Whether the day's index, if it is in memory and not being read just now, describes the subject by a submission
     * at or before {@code position}. Its descriptions come from committed rows, read after they committed, so a yes
     * is true of the table too; a no means only that the index cannot tell.
     */
    @Override
    public boolean describedBefore(String dayId, String subjectId, long position) {
        DayIndex day = days.get(dayId);
        if (day == null || !day.lock.readLock().tryLock()) {
            return false;
        }
        try {
            return day.isDescribedBefore(subjectId, position);
        } finally {
            day.lock.readLock().unlock();
        }
    }

    public boolean exists(String dayId) {
        return days.containsKey(dayId)
                || jdbc.queryForObject("SELECT count(*) FROM day_view WHERE day_id = ?", Long.class, dayId) > 0;
    }

    /** Forgets the least recently used days (never {@code keep}) while all indexes hold more than the budget. */
    private void evictBeyondBudget(String keep) {
        long held = days.values().stream().mapToLong(DayIndex::versionCount).sum();
        while (held > maxVersions) {
            Optional<String> oldest = lastUsed.entrySet().stream().filter(e -> !e.getKey().equals(keep))
                    .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
            if (oldest.isEmpty()) {
                return;
            }
            DayIndex evicted = days.remove(oldest.get());
            lastUsed.remove(oldest.get());
            held -= evicted == null ? 0 : evicted.versionCount();
        }
    }

    /** Forgets every index (the tables were replaced). */
    public void clear() {
        days.clear();
        lastUsed.clear();
    }

    /** Applies the day's events in (from, to] to its index, in log order. */
    private void read(DayIndex day, long from, long to) {
        jdbc.query("""
                        SELECT position, recorded_at, zones::text, campaign_id, status FROM day_version
                        WHERE day_id = ? AND position > ? AND position <= ? ORDER BY position""",
                rs -> {
                    day.dayEvent(rs.getTimestamp(2).toInstant(), rs.getLong(1), zoneIndex(rs.getString(3)),
                            rs.getString(4), rs.getString(5));
                }, day.dayId, from, to);
        Set<String> described = new LinkedHashSet<>();
        if (from == 0) {
            reserve(day);
            // In a transaction, so that the driver streams them by the fetch size.
            transaction.executeWithoutResult(tx -> jdbc.query(
                    "SELECT subject_id, kind, name, sector, lat, lon, first_submitted FROM subject_view WHERE day_id = ?",
                    rs -> {
                        describe(day, rs);
                    }, day.dayId));
        }
        // In chunks: outside a transaction the driver would hold a whole result in memory.
        long after = from;
        while (after < to) {
            long[] last = {after};
            int[] rows = {0};
            jdbc.query("""
                            SELECT report_id, position, recorded_at, kind, subject_id, reporter_id, submitted_at,
                                   observed_at, status, type, participants, headcount, verdict, retracted
                            FROM report_version WHERE day_id = ? AND position > ? AND position <= ?
                            ORDER BY position LIMIT ?""",
                    rs -> {
                        Version v = new Version(rs.getObject(1, UUID.class), rs.getLong(2),
                                rs.getTimestamp(3).toInstant(), Kind.valueOf(rs.getString(4)), rs.getString(5),
                                rs.getString(6), rs.getLong(7), rs.getTimestamp(8).toInstant(),
                                rs.getString(9) == null ? null : ClosureStatus.valueOf(rs.getString(9)),
                                rs.getString(10) == null ? null : WalkoutType.valueOf(rs.getString(10)),
                                rs.getInt(11), rs.getInt(12), Verdict.valueOf(rs.getString(13)), rs.getBoolean(14));
                        if (from > 0 && !day.isDescribedBefore(v.subjectId(), v.submittedAt())) {
                            described.add(v.subjectId()); // new, or described again by an earlier-submitted report
                        }
                        day.append(v);
                        last[0] = v.position();
                        rows[0]++;
                    }, day.dayId, after, to, CHUNK);
            after = rows[0] < CHUNK ? to : last[0];
        }
        if (!described.isEmpty()) {
            jdbc.query("""
                            SELECT subject_id, kind, name, sector, lat, lon, first_submitted FROM subject_view
                            WHERE day_id = ? AND subject_id = ANY (?)""",
                    rs -> {
                        describe(day, rs);
                    }, day.dayId, described.toArray(String[]::new));
        }
        day.processedThrough(to);
    }

    /** Room in the index for the day's versions, reports and subjects as the tables hold them now (one query). */
    private void reserve(DayIndex day) {
        jdbc.query("""
                        SELECT (SELECT count(*) FROM report_version WHERE day_id = ?),
                               (SELECT count(*) FROM report_view WHERE day_id = ?),
                               (SELECT count(*) FROM subject_view WHERE day_id = ?)""",
                rs -> {
                    day.reserve(rs.getInt(1), rs.getInt(2), rs.getInt(3));
                }, day.dayId, day.dayId, day.dayId);
    }

    private static void describe(DayIndex day, java.sql.ResultSet rs) throws java.sql.SQLException {
        day.describe(new Subject(rs.getString(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getDouble(5), rs.getDouble(6)));
        day.describedBy(rs.getString(1), rs.getLong(7));
    }

    private ZoneIndex zoneIndex(String zones) {
        return zoneIndexes.computeIfAbsent(zones, text -> {
            try {
                return new ZoneIndex(json.readValue(text, ZONES));
            } catch (IOException e) {
                throw new UncheckedIOException("Unreadable zones in day_version", e);
            }
        });
    }
}
