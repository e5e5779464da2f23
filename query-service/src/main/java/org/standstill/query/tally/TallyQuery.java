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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The views of a day at T as known at K, all evaluated by the {@link TallyEngine} over the day's {@link DayIndex}:
 * complete through the processor's processed-through position, and as known at the latest instant they are complete
 * for (at most the K asked). The live view (T = K = now) is kept until a new event is applied or passing time alone
 * may change a figure, so reading it costs nothing while nothing changes; and the view from that next change on is
 * evaluated ahead, in the background, so the clock passing it costs a reader nothing either.
 */
@Component
public class TallyQuery {

    /** A view: what it was evaluated at, and its figures. */
    public record View(Instant at, Instant knownAt, Evaluation evaluation) {
    }

    /** A live view of one day's index (a day read again, e.g. after a rebuild, is another index). */
    private record Live(DayIndex day, int versions, int zones, Instant evaluatedAt, Evaluation evaluation) {

        boolean holds(DayIndex day, Instant now) {
            return this.day == day && versions == day.versionCount() && zones == day.zoneVersions.size()
                    && !now.isBefore(evaluatedAt)
                    && (evaluation.nextChange == null || now.isBefore(evaluation.nextChange));
        }
    }

    private final JdbcClient jdbc;
    private final DayIndexes indexes;
    private final ProcessedThrough processed;
    private final Clock clock;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    /** Each kept live view's successor: the view from its next time-driven change on, evaluated ahead. */
    private final Map<String, Live> upcoming = new ConcurrentHashMap<>();
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    private final ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "live-ahead");
        thread.setDaemon(true);
        return thread;
    });

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

    /** The live view: every figure at now, as complete as the processor is. */
    public Optional<View> liveView(String dayId, Mode mode) {
        Progress progress = processed.progress();
        Optional<DayIndex> index = indexes.get(dayId, progress.position());
        if (index.isEmpty()) {
            return Optional.empty();
        }
        DayIndex day = index.get();
        Instant now = clock.instant();
        Instant knownAt = progress.complete(now);
        if (day.maxRecorded() > TallyEngine.micros(knownAt)) {
            return Optional.of(new View(now, knownAt, TallyEngine.evaluate(day, now, knownAt, mode)));
        }
        String key = dayId + "\n" + mode;
        Live kept = live.get(key);
        if (kept == null || !kept.holds(day, now)) {
            Live next = upcoming.remove(key);
            if (next != null && next.holds(day, now)) {
                kept = next;
            } else {
                int versions = day.versionCount();
                int zones = day.zoneVersions.size();
                kept = new Live(day, versions, zones, now,
                        TallyEngine.evaluate(day, now, TallyEngine.EVERYTHING, mode));
            }
            live.put(key, kept);
            prepare(key, day, kept, mode);
        }
        return Optional.of(new View(now, knownAt, kept.evaluation()));
    }

    /** Evaluates, in the background, the live view from {@code kept}'s next time-driven change on. */
    private void prepare(String key, DayIndex day, Live kept, Mode mode) {
        Instant change = kept.evaluation().nextChange;
        if (change == null || !preparing.add(key)) {
            return;
        }
        ahead.execute(() -> {
            try {
                if (kept.versions() == day.versionCount() && kept.zones() == day.zoneVersions.size()) {
                    upcoming.put(key, new Live(day, kept.versions(), kept.zones(), change,
                            TallyEngine.evaluate(day, change, TallyEngine.EVERYTHING, mode)));
                }
            } finally {
                preparing.remove(key);
            }
        });
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
