package org.standstill.query.tally;

import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.WalkoutType;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.DayIndex.Subject;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tally's rules (DOMAIN.md, "The tally, exactly"; {@link TallyRules} states them one report list at a time)
 * evaluated over a {@link DayIndex}: every figure at T as known at K in a mode, with the figures of each subject
 * for the map, and the timeline's figures at many T at once. The live view, the historical view and the timeline
 * are all this one evaluation; nothing here reads the database.
 *
 * <p>One pass over the day's reports picks each report's version as known at K and keeps, per business and per
 * workplace, the latest counting one observed by T. The crowd is a sweep over time: each reporter's latest
 * counting headcount of a rally counts from its observedAt until that reporter's next observation or 60 minutes
 * later, whichever comes first; the sweep keeps every rally's headcounts in order, so the lower median, the sums
 * and the peak move with each start and end, never by reloading a rally.
 */
public final class TallyEngine {

    static final long WINDOW = TallyRules.CROWD_WINDOW.toNanos() / 1000;
    /** A knownAt after anything ever recorded: every version applied. */
    public static final Instant EVERYTHING = Instant.parse("9999-12-31T23:59:59Z");
    static final long NONE = Long.MIN_VALUE;

    private TallyEngine() {
    }

    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** One subject's figures at T as known at K, for the map. */
    public record SubjectFigures(Subject subject, String status, Integer participants, String type, Long estimate,
                                 Long low, Long high, String zone, int reports, Instant lastObservedAt) {
    }

    /** Each subject's own figures behind an evaluation, for the map: by the subject's index in the day. */
    interface Subjects {
        /** How many subjects the day had when evaluated. */
        int count();

        /** Whether one of the subject's reports is known at K. */
        boolean known(int s);

        /** The version that decides a business's status or a workplace's walkout; -1 if none. */
        int best(int s);

        /** The subject's reports observed by T, not retracted. */
        int seen(int s);

        /** The latest observedAt of those (microseconds); {@link #NONE} if none. */
        long lastObserved(int s);

        /** A rally's {estimate, low, high} at T; null if nothing counts. */
        long[] rally(int s);
    }

    /** Every figure at T as known at K in a mode. */
    public static final class Evaluation {
        private final DayIndex day;
        public final Tally.Businesses businesses;
        public final Tally.Walkouts walkouts;
        public final Tally.Crowd crowd;
        public final Tally.Reports reports;
        /** The position of the day's last event recorded by K (every event at or below it is applied). */
        public final long position;
        /** The first moment after T at which passing time alone may change a figure; null if none. */
        public final Instant nextChange;
        private final Subjects subjects;
        private final int[] zoneOf;
        private final List<String> zoneNames;
        /** The summed crowd estimate's steps up to T, if asked for ({@link #withSteps}); else null. */
        public final EstimateSteps estimateSteps;

        Evaluation(DayIndex day, Tally.Businesses businesses, Tally.Walkouts walkouts, Tally.Crowd crowd,
                   Tally.Reports reports, long position, Instant nextChange, Subjects subjects, int[] zoneOf,
                   List<String> zoneNames, EstimateSteps estimateSteps) {
            this.day = day;
            this.businesses = businesses;
            this.walkouts = walkouts;
            this.crowd = crowd;
            this.reports = reports;
            this.position = position;
            this.nextChange = nextChange;
            this.subjects = subjects;
            this.zoneOf = zoneOf;
            this.zoneNames = zoneNames;
            this.estimateSteps = estimateSteps;
        }

        /** The figures of every subject with a report known at K, in the order subjects were first reported. */
        public List<SubjectFigures> subjects() {
            if (subjects == null) {
                throw new IllegalStateException("evaluated without each subject's figures");
            }
            List<SubjectFigures> all = new ArrayList<>();
            for (int s = 0; s < subjects.count(); s++) {
                if (subjects.known(s)) {
                    all.add(figures(s));
                }
            }
            return all;
        }

        /** The figures of some subjects (those known at K). */
        public List<SubjectFigures> subjects(java.util.Collection<String> ids) {
            if (subjects == null) {
                throw new IllegalStateException("evaluated without each subject's figures");
            }
            List<SubjectFigures> some = new ArrayList<>();
            for (String id : ids) {
                int s = day.subjectIndexOf(id);
                if (s >= 0 && s < subjects.count() && subjects.known(s)) {
                    some.add(figures(s));
                }
            }
            return some;
        }

        private SubjectFigures figures(int s) {
            Subject subject = day.subject(s);
            String zone = zoneOf == null || s >= zoneOf.length || zoneOf[s] >= zoneNames.size() ? ZoneIndex.UNZONED
                    : zoneNames.get(zoneOf[s]);
            long lastObserved = subjects.lastObserved(s);
            Instant last = lastObserved == NONE ? null : instant(lastObserved);
            int v = subjects.best(s);
            int seen = subjects.seen(s);
            return switch (subject.kind()) {
                case CLOSURE -> new SubjectFigures(subject, v < 0 ? null : DayIndex.STATUSES[day.versionCode[v]].name(),
                        null, null, null, null, null, zone, seen, last);
                case WALKOUT -> new SubjectFigures(subject, null, v < 0 ? null : day.versionFigure[v],
                        v < 0 ? null : DayIndex.TYPES[day.versionCode[v]].name(), null, null, null, zone, seen, last);
                case HEADCOUNT -> {
                    long[] rally = subjects.rally(s);
                    yield new SubjectFigures(subject, null, null, null, rally == null ? 0 : rally[0],
                            rally == null ? 0 : rally[1], rally == null ? 0 : rally[2], zone, seen, last);
                }
            };
        }
    }

    /** A full evaluation's figures of each subject, in arrays by subject. */
    private record ArraySubjects(boolean[] known, int[] best, int[] seen, long[] lastObserved, long[][] rallies)
            implements Subjects {
        @Override
        public int count() {
            return known.length;
        }

        @Override
        public boolean known(int s) {
            return known[s];
        }

        @Override
        public int best(int s) {
            return best[s];
        }

        @Override
        public int seen(int s) {
            return seen[s];
        }

        @Override
        public long lastObserved(int s) {
            return lastObserved[s];
        }

        @Override
        public long[] rally(int s) {
            return rallies == null ? null : rallies[s];
        }
    }

    /**
     * The moments (microseconds, ascending) at which the summed crowd estimate changed, up to T, and the estimate from
     * each on (before the first: 0): what a campaign sums over its days for the peak of its own summed estimate.
     */
    public record EstimateSteps(long[] at, long[] estimate, int count) {
    }

    /** Every figure at {@code at} as known at {@code knownAt} in {@code mode}, with the crowd estimate's steps up to T. */
    public static Evaluation withSteps(DayIndex day, Instant at, Instant knownAt, Mode mode) {
        day.lock.readLock().lock();
        try {
            return evaluate(day, micros(at), micros(knownAt), mode, false, true);
        } finally {
            day.lock.readLock().unlock();
        }
    }

    /**
     * The highest sum of the days' estimates (each given by its steps), and the earliest moment it was reached:
     * {0, Long.MIN_VALUE} if the sum never rose above 0.
     */
    public static long[] peakOfSum(List<EstimateSteps> days) {
        int total = days.stream().mapToInt(EstimateSteps::count).sum();
        long[] at = new long[total];
        long[] change = new long[total];
        int n = 0;
        for (EstimateSteps day : days) {
            long before = 0;
            for (int i = 0; i < day.count(); i++) {
                at[n] = day.at()[i];
                change[n++] = day.estimate()[i] - before;
                before = day.estimate()[i];
            }
        }
        int[] order = IntSort.byKey(at, n);
        long running = 0;
        long peak = 0;
        long peakAt = Long.MIN_VALUE;
        for (int i = 0; i < n; ) {
            long moment = at[order[i]];
            while (i < n && at[order[i]] == moment) {
                running += change[order[i++]]; // every day's step at this moment before the sum is read
            }
            if (running > peak) {
                peak = running;
                peakAt = moment;
            }
        }
        return new long[]{peak, peakAt};
    }

    /** The position of the day's last event recorded at or before {@code knownAt}. */
    public static long positionAt(DayIndex day, Instant knownAt) {
        day.lock.readLock().lock();
        try {
            long k = micros(knownAt);
            long position = day.dayPositionAt(k);
            for (int r = 0; r < day.reports; r++) {
                int v = day.versionAt(r, k);
                if (v >= 0) {
                    position = Math.max(position, day.versionPosition[v]);
                }
            }
            return position;
        } finally {
            day.lock.readLock().unlock();
        }
    }

    /** Every figure at {@code at} as known at {@code knownAt} in {@code mode}, and each subject's (for the map). */
    public static Evaluation evaluate(DayIndex day, Instant at, Instant knownAt, Mode mode) {
        return evaluate(day, at, knownAt, mode, true);
    }

    /** Every figure at {@code at} as known at {@code knownAt} in {@code mode}; each subject's too if asked. */
    public static Evaluation evaluate(DayIndex day, Instant at, Instant knownAt, Mode mode, boolean withSubjects) {
        day.lock.readLock().lock();
        try {
            return evaluate(day, micros(at), micros(knownAt), mode, withSubjects, false);
        } finally {
            day.lock.readLock().unlock();
        }
    }

    private static Evaluation evaluate(DayIndex day, long t, long k, Mode mode, boolean withSubjects,
                                       boolean withSteps) {
        int subjects = day.subjects;
        // Per subject: the latest counting version (ties of observedAt to the later-submitted report) and its
        // observedAt; its figures are read from the version at the end.
        long[] latest = new long[subjects];
        Arrays.fill(latest, NONE);
        int[] best = new int[subjects];
        Arrays.fill(best, -1);
        boolean[] known = withSubjects ? new boolean[subjects] : null;
        int[] seen = withSubjects ? new int[subjects] : null;
        long[] lastObserved = withSubjects ? new long[subjects] : null;
        if (withSubjects) {
            Arrays.fill(lastObserved, NONE);
        }
        Crowds crowds = new Crowds(day);
        long total = 0;
        long verified = 0;
        long disputed = 0;
        long retracted = 0;
        long position = day.dayPositionAt(k);
        long next = Long.MAX_VALUE;
        int headcount = Kind.HEADCOUNT.ordinal();
        for (int r = 0; r < day.reports; r++) {
            int v = day.versionAt(r, k);
            if (v < 0) {
                continue;
            }
            int s = day.reportSubject[r];
            total++;
            position = Math.max(position, day.versionPosition[v]);
            int state = day.versionState[v];
            if (withSubjects) {
                known[s] = true;
            }
            if ((state & DayIndex.RETRACTED) != 0) {
                retracted++;
                continue;
            }
            Verdict verdict = DayIndex.VERDICTS[state & 3];
            verified += verdict == Verdict.VERIFIED ? 1 : 0;
            disputed += verdict == Verdict.DISPUTED ? 1 : 0;
            long o = day.versionObserved[v];
            int kind = day.reportKind[r];
            if (o > t) {
                next = Math.min(next, o);
                continue;
            }
            if (withSubjects) {
                seen[s]++;
                lastObserved[s] = Math.max(lastObserved[s], o);
            }
            if (kind == headcount && o + WINDOW > t) {
                next = Math.min(next, o + WINDOW);
            }
            boolean counts = mode == Mode.ALL ? verdict != Verdict.DISPUTED : verdict == Verdict.VERIFIED;
            if (!counts || kind != day.subjectKind[s]) {
                continue; // a report of another kind never decides a subject's figures
            }
            if (kind == headcount) {
                crowds.add(v, r);
            } else if (o > latest[s] || (o == latest[s]
                    && day.reportSubmitted[r] > day.reportSubmitted[day.versionReport[best[s]]])) {
                latest[s] = o;
                best[s] = v;
            }
        }
        DayIndex.ZoneVersion zones = day.zonesAt(k);
        List<String> zoneNames = zones == null ? List.of() : zones.zones.names();
        int[] zoneOf = zones == null ? null : zones.zoneOf(day);
        BusinessCounts businesses = new BusinessCounts(zoneNames);
        Walkouts walkouts = new Walkouts();
        for (int s = 0; s < subjects; s++) {
            int v = best[s];
            if (v >= 0) {
                int code = day.versionCode[v];
                if (day.subjectKind[s] == Kind.CLOSURE.ordinal()) {
                    businesses.add(day.subjectSector[s], zoneOf == null ? zoneNames.size() : zoneOf[s], code, 1);
                } else {
                    walkouts.add(code, day.versionFigure[v], 1);
                }
            }
        }
        Crowds.Sweep sweep = crowds.sweep(new long[]{t}, withSubjects, withSteps);
        return new Evaluation(day, businesses.toBusinesses(), walkouts.toWalkouts(), sweep.crowd(0),
                new Tally.Reports(total, verified, disputed, retracted), position,
                next == Long.MAX_VALUE ? null : instant(next),
                withSubjects ? new ArraySubjects(known, best, seen, lastObserved, sweep.rallies) : null, zoneOf, zoneNames,
                withSteps ? new EstimateSteps(sweep.stepAt, sweep.stepEstimate, sweep.steps) : null);
    }

    /** The headline figures at each of {@code ats} (ascending) as known at {@code knownAt}: one sweep over time. */
    public static List<Timeline.Point> timeline(DayIndex day, List<Instant> ats, Instant knownAt, Mode mode) {
        day.lock.readLock().lock();
        try {
            return timeline(day, ats.stream().mapToLong(TallyEngine::micros).toArray(), micros(knownAt), mode);
        } finally {
            day.lock.readLock().unlock();
        }
    }

    private static List<Timeline.Point> timeline(DayIndex day, long[] ts, long k, Mode mode) {
        // Counting versions in submission order, then in latest order (observedAt, ties by submission).
        int[] counting = new int[day.reports];
        long[] observed = new long[day.reports];
        int n = 0;
        Crowds crowds = new Crowds(day);
        for (int r = 0; r < day.reports; r++) {
            int v = day.versionAt(r, k);
            if (v >= 0 && day.counts(v, mode) && day.reportKind[r] == day.subjectKind[day.reportSubject[r]]) {
                if (day.reportKind[r] == Kind.HEADCOUNT.ordinal()) {
                    crowds.add(v, r);
                } else {
                    observed[n] = day.versionObserved[v];
                    counting[n++] = v;
                }
            }
        }
        int[] byLatest = IntSort.byKey(observed, n);
        // Gathered in latest order, so that the sweep below reads them in sequence.
        int[] subjectOf = new int[n];
        int[] figures = new int[n];
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = counting[byLatest[i]];
            observed[i] = day.versionObserved[v];
            subjectOf[i] = day.reportSubject[day.versionReport[v]];
            figures[i] = day.versionFigure[v];
            codes[i] = day.versionCode[v];
        }
        // Each subject's current figures: status or type, plus one (0: none yet), and participants.
        int[] current = new int[2 * day.subjects];
        BusinessCounts businesses = new BusinessCounts(List.of());
        Walkouts walkouts = new Walkouts();
        Crowds.Sweep sweep = crowds.sweep(ts, false);
        List<Timeline.Point> points = new ArrayList<>(ts.length);
        int next = 0;
        for (int i = 0; i < ts.length; i++) {
            while (next < n && observed[next] <= ts[i]) {
                int s = subjectOf[next];
                boolean closure = day.subjectKind[s] == Kind.CLOSURE.ordinal();
                int before = current[2 * s];
                if (before > 0) {
                    if (closure) {
                        businesses.add(day.subjectSector[s], 0, before - 1, -1);
                    } else {
                        walkouts.add(before - 1, current[2 * s + 1], -1);
                    }
                }
                current[2 * s] = codes[next] + 1;
                current[2 * s + 1] = figures[next];
                if (closure) {
                    businesses.add(day.subjectSector[s], 0, codes[next], 1);
                } else {
                    walkouts.add(codes[next], figures[next], 1);
                }
                next++;
            }
            Tally.Crowd crowd = sweep.crowd(i);
            points.add(new Timeline.Point(instant(ts[i]), businesses.total[0], businesses.total[1], businesses.total[2],
                    walkouts.workplaces, walkouts.workers, walkouts.students, crowd.estimate(), crowd.low(),
                    crowd.high()));
        }
        return points;
    }

    /** Businesses by status, also per sector (every sector) and per zone (every zone, and unzoned). */
    static final class BusinessCounts {
        final long[] total = new long[3];
        final long[][] bySector = new long[DayIndex.SECTORS.length][3];
        final long[][] byZone;
        final List<String> zones;

        BusinessCounts(List<String> zones) {
            this.zones = zones;
            this.byZone = new long[zones.size() + 1][3];
        }

        void add(int sector, int zone, int status, long n) {
            total[status] += n;
            if (sector >= 0) {
                bySector[sector][status] += n;
            }
            byZone[Math.min(zone, zones.size())][status] += n;
        }

        Tally.Businesses toBusinesses() {
            Map<String, Tally.Counts> sectors = new LinkedHashMap<>();
            for (int s = 0; s < bySector.length; s++) {
                sectors.put(DayIndex.SECTORS[s].name(), counts(bySector[s]));
            }
            Map<String, Tally.Counts> zoneCounts = new LinkedHashMap<>();
            for (int z = 0; z < zones.size(); z++) {
                zoneCounts.put(zones.get(z), counts(byZone[z]));
            }
            zoneCounts.put(ZoneIndex.UNZONED, counts(byZone[zones.size()]));
            return new Tally.Businesses(total[ClosureStatus.CLOSED.ordinal()], total[ClosureStatus.PARTIAL.ordinal()],
                    total[ClosureStatus.OPEN.ordinal()], sectors, zoneCounts);
        }

        private static Tally.Counts counts(long[] c) {
            return new Tally.Counts(c[ClosureStatus.CLOSED.ordinal()], c[ClosureStatus.PARTIAL.ordinal()],
                    c[ClosureStatus.OPEN.ordinal()]);
        }
    }

    static final class Walkouts {
        long workplaces;
        long workers;
        long students;

        void add(int type, int participants, int sign) {
            if (participants > 0) {
                workplaces += sign;
            }
            if (DayIndex.TYPES[type] == WalkoutType.STUDENT_WALKOUT) {
                students += (long) sign * participants;
            } else {
                workers += (long) sign * participants;
            }
        }

        Tally.Walkouts toWalkouts() {
            return new Tally.Walkouts(workplaces, workers, students);
        }
    }
}
