package org.standstill.query.tally;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.tally.ProcessedThrough.Progress;
import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The views of a day at T as known at K, all evaluated by the {@link TallyEngine} over the day's {@link DayIndex}:
 * complete through the processor's processed-through position, and as known at the latest instant they are complete
 * for (at most the K asked). The live view (T = K = now) is kept up to date by what changed ({@link LiveTally}), so
 * its cost grows with what happened since it was last read, not with the size of the day.
 */
@Component
public class TallyQuery {

    /** A view: what it was evaluated at, and its figures. */
    public record View(Instant at, Instant knownAt, Evaluation evaluation) {
    }

    private final JdbcClient jdbc;
    private final DayIndexes indexes;
    private final ProcessedThrough processed;
    private final Clock clock;

    TallyQuery(JdbcClient jdbc, DayIndexes indexes, ProcessedThrough processed, Clock clock) {
        this.jdbc = jdbc;
        this.indexes = indexes;
        this.processed = processed;
        this.clock = clock;
    }

    /** The live tally (T = K = now) of a day; empty if the day is unknown. */
    public Optional<Tally> live(String dayId, Mode mode) {
        return liveView(dayId, mode).map(view -> tally(dayId, view, mode));
    }

    /** The tally at T as known at K; empty if the day is unknown. */
    public Optional<Tally> at(String dayId, Instant at, Instant knownAt, Mode mode) {
        return view(dayId, at, knownAt, mode, false).map(view -> tally(dayId, view, mode));
    }

    /**
     * The live view: every figure at now, as known at the latest instant the processor is complete for — from the
     * day's {@link LiveTally}, which takes in only what changed since it was last asked.
     */
    public Optional<View> liveView(String dayId, Mode mode) {
        Progress progress = processed.progress();
        Optional<DayIndex> index = indexes.get(dayId, progress.position());
        if (index.isEmpty()) {
            return Optional.empty();
        }
        DayIndex day = index.get();
        LiveTally live = day.live(mode);
        day.lock.readLock().lock();
        try {
            synchronized (live) {
                // The clock is read in turn, so that one view's now is never before the one evaluated before it.
                Instant now = clock.instant();
                Instant knownAt = progress.complete(now);
                return Optional.of(new View(now, knownAt, live.at(now, knownAt)));
            }
        } finally {
            day.lock.readLock().unlock();
        }
    }

    /**
     * Every figure at T as known at K (or the latest instant before K that the view is complete for), and each
     * subject's if asked (the map).
     */
    public Optional<View> view(String dayId, Instant at, Instant knownAt, Mode mode, boolean withSubjects) {
        Progress progress = processed.progress();
        return indexes.get(dayId, progress.position()).map(day -> {
            Instant complete = progress.complete(knownAt);
            return new View(at, complete, TallyEngine.evaluate(day, at, complete, mode, withSubjects));
        });
    }

    /**
     * The headline figures at the end of each bucket from startsAt to min(now, endsAt), as known now. A bucket that
     * would cut the day's whole window into more than {@code maxPoints} points is refused (400 naming {@code bucket}),
     * so a request that is answered once is answered all day.
     */
    public Optional<Timeline> timeline(String dayId, Duration bucket, Mode mode, long maxPoints) {
        record Day(Instant startsAt, Instant endsAt) {
        }
        Optional<Day> window = jdbc.sql("SELECT starts_at, ends_at FROM day_view WHERE day_id = ?")
                .param(dayId)
                .query((rs, row) -> new Day(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .optional();
        Progress progress = processed.progress();
        Optional<DayIndex> index = indexes.get(dayId, progress.position());
        if (window.isEmpty() || index.isEmpty()) {
            return Optional.empty();
        }
        long seconds = Duration.between(window.get().startsAt(), window.get().endsAt()).getSeconds();
        long points = seconds / bucket.getSeconds();
        if (points > maxPoints) {
            long shortest = Math.max(1, (seconds + maxPoints - 1) / maxPoints);
            throw new InvalidParameter("bucket", "cuts this day into " + points + " points, more than the " + maxPoints
                    + " a timeline may have: use PT" + shortest + "S or longer");
        }
        Instant now = clock.instant();
        Instant knownAt = progress.complete(now);
        Instant end = window.get().endsAt().isBefore(now) ? window.get().endsAt() : now;
        List<Instant> ats = new ArrayList<>();
        for (Instant at = window.get().startsAt().plus(bucket); !at.isAfter(end); at = at.plus(bucket)) {
            ats.add(at);
        }
        DayIndex day = index.get();
        return Optional.of(new Timeline(dayId, bucket, mode, knownAt, TallyEngine.positionAt(day, knownAt),
                TallyEngine.timeline(day, ats, knownAt, mode)));
    }

    public boolean exists(String dayId) {
        return indexes.exists(dayId);
    }

    /** The tally answer of a view. */
    public static Tally tally(String dayId, View view, Mode mode) {
        Evaluation e = view.evaluation();
        return new Tally(dayId, view.at(), view.knownAt(), mode, e.position, e.businesses, e.walkouts, e.crowd,
                e.reports);
    }
}
