package org.standstill.query.tally;

import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * One day's live view in one mode — every figure at T = now as known at K, the latest instant the view is complete
 * for — kept up to date by what changed since it was last asked for, never by evaluating the whole day again: the
 * reports that got a version known at K (or lost one, when K steps back), the subjects those reports are of, and the
 * subjects whose figures passing time changes (a report observed after the last T, a headcount leaving its window).
 * The figures are exactly those of {@link TallyEngine#evaluate} at the same (T, K, mode).
 *
 * <p>Kept per subject: the version deciding a business's status or a workplace's walkout, with its share of the
 * counts; per rally, its crowd figures as a function of time (from its counting headcounts), so that the crowd at any
 * T is a lookup per rally, and its steps feed the summed estimate's running peak ({@link Peaks}). An evaluation hands
 * out a snapshot: the subjects' states are kept in copy-on-write chunks, so that a snapshot costs a copy of the chunk
 * table, and later changes copy only the chunks they touch.
 */
final class LiveTally {

    /** How far back K may step (a slower transaction's event coming to light) without evaluating the day again. */
    static final long RETAIN = 120_000_000L;
    private static final int CHUNK = 1024;
    private static final long NONE = TallyEngine.NONE;
    private static final int HEADCOUNT = Kind.HEADCOUNT.ordinal();
    private static final int CLOSURE = Kind.CLOSURE.ordinal();

    private final DayIndex day;
    private final Mode mode;
    private long t = Long.MIN_VALUE;
    private long k = Long.MIN_VALUE;
    /** Versions of the index looked at so far, and subjects described again. */
    private int versionsSeen;
    private int describedSeen;
    /** Versions in the index recorded after K, by recordedAt. */
    private final TreeMap<Long, int[]> pending = new TreeMap<>();
    /** Versions taken in that were recorded after {@link #floor}, by recordedAt: K may step back to the floor. */
    private final TreeMap<Long, int[]> recent = new TreeMap<>();
    private long floor = Long.MIN_VALUE;
    /** The versions taken in (recorded at or before K), by their index: the highest one gives the position. */
    private final BitSet takenIn = new BitSet();
    /** Each report's version as known at K; -1 if none. */
    private int[] current = new int[0];
    private long total;
    private long verified;
    private long disputed;
    private long retracted;
    private DayIndex.ZoneVersion zones;
    private int[] zoneOf;
    private List<String> zoneNames = List.of();
    private TallyEngine.BusinessCounts businesses = new TallyEngine.BusinessCounts(List.of());
    private final TallyEngine.Walkouts walkouts = new TallyEngine.Walkouts();
    private final States states = new States();
    /** Subjects whose figures change at a moment after T: (moment, subject), checked against the subject's own. */
    private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final BitSet dirty = new BitSet();
    private final BitSet changedReports = new BitSet();
    /**
     * Per rally whose headcounts changed, the moments its figures may have changed in, {from, to}: from each changed
     * headcount's observedAt to an hour after (its own interval, and the end of its reporter's observation before it,
     * which it moves to its observedAt or back); {@link #WHOLE} when the rally is taken in whole (described again).
     */
    private final Map<Integer, long[]> rallyWindows = new HashMap<>();
    private static final long[] WHOLE = {Long.MIN_VALUE, Long.MAX_VALUE};
    private final BitSet rallies = new BitSet();
    private final Peaks peaks;

    LiveTally(DayIndex day, Mode mode) {
        this(day, mode, null);
    }

    /**
     * A live view whose summed estimate's steps are also added to {@code sum} (a campaign's: the sum of its days'),
     * until {@link #release()}d.
     */
    LiveTally(DayIndex day, Mode mode, Peaks sum) {
        this.day = day;
        this.mode = mode;
        this.peaks = new Peaks(sum);
    }

    /** Takes this view's steps out of the sum it adds to (the day left the campaign, or its index was read again). */
    synchronized void release() {
        peaks.clear();
    }

    /** One subject's part of the view at (T, K). Immutable: snapshots share it. */
    private record State(boolean known, int best, int seen, long lastObserved, long next, int kind, int sector,
                         int zone, int code, int figure, Rally rally) {
    }

    /**
     * The figures at {@code at} as known at {@code knownAt}: absorbs what changed since the last call, then evaluates.
     * Called with the day's index not being appended to (the caller holds its read lock).
     */
    synchronized Evaluation at(Instant at, Instant knownAt) {
        long newT = TallyEngine.micros(at);
        long newK = TallyEngine.micros(knownAt);
        if (newT < t || newK < floor) {
            reset();
        }
        if (current.length < day.reports) {
            int from = current.length;
            current = Arrays.copyOf(current, Math.max(day.reports, current.length * 2));
            Arrays.fill(current, from, current.length, -1);
        }
        BitSet reports = changedReports;
        reports.clear();
        if (newK < k) {
            // K stepped back: what was recorded after it is no longer known.
            for (Map.Entry<Long, int[]> e : recent.tailMap(newK, false).entrySet()) {
                for (int v : e.getValue()) {
                    takenIn.clear(v);
                    add(pending, e.getKey(), v);
                    reports.set(day.versionReport[v]);
                }
            }
            recent.tailMap(newK, false).clear();
        }
        // New versions of the index, and those waiting for K to reach them.
        for (int v = versionsSeen; v < day.versions; v++) {
            add(pending, day.versionRecorded[v], v);
        }
        versionsSeen = day.versions;
        for (Map.Entry<Long, int[]> e : pending.headMap(newK, true).entrySet()) {
            for (int v : e.getValue()) {
                takenIn.set(v);
                add(recent, e.getKey(), v);
                reports.set(day.versionReport[v]);
            }
        }
        pending.headMap(newK, true).clear();
        k = newK;
        floor = Math.max(floor, k - RETAIN);
        recent.headMap(floor, true).clear();
        for (int r = reports.nextSetBit(0); r >= 0; r = reports.nextSetBit(r + 1)) {
            known(r, day.versionAt(r, k));
        }
        for (int i = describedSeen; i < day.describedAgainCount; i++) {
            dirty.set(day.describedAgain[i]);
            rallyWindows.put(day.describedAgain[i], WHOLE);
        }
        describedSeen = day.describedAgainCount;
        DayIndex.ZoneVersion zonesNow = day.zonesAt(k);
        if (zonesNow != zones) {
            zones = zonesNow;
            zoneNames = zones == null ? List.of() : zones.zones.names();
            zoneOf = zones == null ? null : zones.zoneOf(day);
            // Every business's share moves to its zone of the new zones.
            businesses = new TallyEngine.BusinessCounts(zoneNames);
            for (int s = 0; s < states.size; s++) {
                State state = states.get(s);
                if (state != null && state.kind() == CLOSURE && state.best() >= 0) {
                    int zone = zoneOf == null || s >= zoneOf.length ? zoneNames.size() : zoneOf[s];
                    states.set(s, new State(state.known(), state.best(), state.seen(), state.lastObserved(),
                            state.next(), state.kind(), state.sector(), zone, state.code(), state.figure(),
                            state.rally()));
                    businesses.add(state.sector(), zone, state.code(), 1);
                }
            }
        }
        zoneOf = zones == null ? null : zones.zoneOf(day);
        t = newT;
        while (!due.isEmpty() && due.peek()[0] <= t) {
            long[] entry = due.poll();
            dirty.set((int) entry[1]);
        }
        for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
            recompute(s, rallyWindows.remove(s));
        }
        dirty.clear();
        rallyWindows.clear();
        return evaluation();
    }

    /** Report {@code r}'s version as known at K is now {@code v}. */
    private void known(int r, int v) {
        int before = current[r];
        if (before == v) {
            return;
        }
        count(before, -1);
        count(v, 1);
        current[r] = v;
        int s = day.reportSubject[r];
        dirty.set(s);
        if (day.reportKind[r] == HEADCOUNT) {
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (int version : new int[]{before, v}) {
                if (version >= 0) {
                    from = Math.min(from, day.versionObserved[version]);
                    to = Math.max(to, day.versionObserved[version] + TallyEngine.WINDOW + 1);
                }
            }
            if (from < to) {
                rallyWindows.merge(s, new long[]{from, to}, (a, b) -> a == WHOLE ? WHOLE
                        : new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
    }

    private void count(int v, int sign) {
        if (v < 0) {
            return;
        }
        total += sign;
        int state = day.versionState[v];
        if ((state & DayIndex.RETRACTED) != 0) {
            retracted += sign;
        } else if (DayIndex.VERDICTS[state & 3] == Verdict.VERIFIED) {
            verified += sign;
        } else if (DayIndex.VERDICTS[state & 3] == Verdict.DISPUTED) {
            disputed += sign;
        }
    }

    /**
     * The subject's figures at T, its share of the counts, and (if its headcounts changed: {@code rallyWindow}, when
     * its figures may have moved) its crowd over time.
     */
    private void recompute(int s, long[] rallyWindow) {
        State before = states.get(s);
        int kind = day.subjectKind[s];
        boolean known = false;
        int best = -1;
        long latest = NONE;
        int seen = 0;
        long lastObserved = NONE;
        long next = Long.MAX_VALUE;
        for (int r = day.subjectFirst[s]; r >= 0; r = day.reportNext[r]) {
            int v = current[r];
            if (v < 0) {
                continue;
            }
            known = true;
            int state = day.versionState[v];
            if ((state & DayIndex.RETRACTED) != 0) {
                continue;
            }
            long o = day.versionObserved[v];
            if (o > t) {
                next = Math.min(next, o);
                continue;
            }
            seen++;
            lastObserved = Math.max(lastObserved, o);
            int reportKind = day.reportKind[r];
            if (reportKind == HEADCOUNT && o + TallyEngine.WINDOW > t) {
                next = Math.min(next, o + TallyEngine.WINDOW);
            }
            if (reportKind == HEADCOUNT || reportKind != kind || !day.counts(v, mode)) {
                continue;
            }
            if (o > latest || (o == latest && day.reportSubmitted[r] > day.reportSubmitted[day.versionReport[best]])) {
                latest = o;
                best = v;
            }
        }
        Rally rally = before == null ? null : before.rally();
        if (rallyWindow == WHOLE || (rally != null) != (kind == HEADCOUNT)) {
            Rally after = kind == HEADCOUNT ? Rally.of(day, current, s, mode) : null;
            Rally.changeSteps(rally, after, peaks, Long.MIN_VALUE, Long.MAX_VALUE);
            rally = after;
            if (rallies.get(s) != (rally != null)) {
                rallies.set(s, rally != null);
            }
        } else if (rally != null && rallyWindow != null) {
            // Only the moments the changed headcounts can move: the rally's other steps stay as they are.
            Rally after = rally.updated(day, current, s, mode, rallyWindow[0], rallyWindow[1]);
            Rally.changeSteps(rally, after, peaks, rallyWindow[0], rallyWindow[1]);
            rally = after;
        }
        if (before != null && before.best() >= 0) {
            share(before.kind(), before.sector(), before.zone(), before.code(), before.figure(), -1);
        }
        int sector = day.subjectSector[s];
        int zone = zoneOf == null || s >= zoneOf.length ? zoneNames.size() : zoneOf[s];
        int code = best < 0 ? 0 : day.versionCode[best];
        int figure = best < 0 ? 0 : day.versionFigure[best];
        if (best >= 0) {
            share(kind, sector, zone, code, figure, 1);
        }
        long nextChange = next == Long.MAX_VALUE ? NONE : next;
        states.set(s, new State(known, best, seen, lastObserved, nextChange, kind, sector, zone, code, figure, rally));
        if (nextChange != NONE && (before == null || before.next() != nextChange)) {
            due.add(new long[]{nextChange, s});
        }
    }

    private void share(int kind, int sector, int zone, int code, int figure, int sign) {
        if (kind == CLOSURE) {
            businesses.add(sector, zone, code, sign);
        } else {
            walkouts.add(code, figure, sign);
        }
    }

    private Evaluation evaluation() {
        long estimate = 0;
        long low = 0;
        long high = 0;
        long counted = 0;
        for (int s = rallies.nextSetBit(0); s >= 0; s = rallies.nextSetBit(s + 1)) {
            long[] figures = states.get(s).rally().at(t);
            if (figures != null) {
                estimate += figures[0];
                low += figures[1];
                high += figures[2];
                counted++;
            }
        }
        long[] peak = peaks.upTo(t);
        Tally.Crowd crowd = new Tally.Crowd(estimate, low, high, counted, peak[0],
                peak[1] == NONE ? null : TallyEngine.instant(peak[1]));
        int last = day.versions == 0 ? -1 : takenIn.previousSetBit(day.versions - 1);
        long position = Math.max(day.dayPositionAt(k), last < 0 ? 0 : day.versionPosition[last]);
        // The earliest moment after T at which a subject's figures change, as the subject itself says.
        while (!due.isEmpty()) {
            long[] head = due.peek();
            State state = states.get((int) head[1]);
            if (state != null && state.next() == head[0]) {
                break;
            }
            due.poll();
        }
        Instant nextChange = due.isEmpty() ? null : TallyEngine.instant(due.peek()[0]);
        return new Evaluation(day, businesses.toBusinesses(), new Tally.Walkouts(walkouts.workplaces,
                walkouts.workers, walkouts.students), crowd, new Tally.Reports(total, verified, disputed, retracted),
                position, nextChange, new Snapshot(states.snapshot(), states.size, t), zoneOf, zoneNames, null);
    }

    /** Forgets everything: the next evaluation takes the whole index in again (T went back, or K far back). */
    private void reset() {
        t = Long.MIN_VALUE;
        k = Long.MIN_VALUE;
        floor = Long.MIN_VALUE;
        versionsSeen = 0;
        describedSeen = day.describedAgainCount;
        pending.clear();
        recent.clear();
        takenIn.clear();
        current = new int[0];
        total = verified = disputed = retracted = 0;
        zones = null;
        zoneOf = null;
        zoneNames = List.of();
        businesses = new TallyEngine.BusinessCounts(List.of());
        walkouts.workplaces = walkouts.workers = walkouts.students = 0;
        states.clear();
        due.clear();
        rallies.clear();
        peaks.clear();
    }

    private static void add(TreeMap<Long, int[]> map, long recorded, int v) {
        map.merge(recorded, new int[]{v}, (a, b) -> {
            int[] both = Arrays.copyOf(a, a.length + 1);
            both[a.length] = b[0];
            return both;
        });
    }

    /** The subjects' states as an evaluation sees them. */
    private record Snapshot(State[][] chunks, int count, long t) implements TallyEngine.Subjects {
        private State state(int s) {
            State[] chunk = chunks[s / CHUNK];
            return chunk == null ? null : chunk[s % CHUNK];
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public boolean known(int s) {
            State state = state(s);
            return state != null && state.known();
        }

        @Override
        public int best(int s) {
            State state = state(s);
            return state == null ? -1 : state.best();
        }

        @Override
        public int seen(int s) {
            State state = state(s);
            return state == null ? 0 : state.seen();
        }

        @Override
        public long lastObserved(int s) {
            State state = state(s);
            return state == null ? NONE : state.lastObserved();
        }

        @Override
        public long[] rally(int s) {
            State state = state(s);
            return state == null || state.rally() == null ? null : state.rally().at(t);
        }
    }

    /** The subjects' states in chunks, copied on write once a snapshot shares them. */
    private static final class States {
        private State[][] chunks = new State[0][];
        private boolean[] shared = new boolean[0];
        int size;

        State get(int s) {
            int c = s / CHUNK;
            return c >= chunks.length || chunks[c] == null ? null : chunks[c][s % CHUNK];
        }

        void set(int s, State state) {
            int c = s / CHUNK;
            if (c >= chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
                shared = Arrays.copyOf(shared, chunks.length);
            }
            if (chunks[c] == null) {
                chunks[c] = new State[CHUNK];
            } else if (shared[c]) {
                chunks[c] = chunks[c].clone();
                shared[c] = false;
            }
            chunks[c][s % CHUNK] = state;
            size = Math.max(size, s + 1);
        }

        State[][] snapshot() {
            Arrays.fill(shared, true);
            return chunks.clone();
        }

        void clear() {
            chunks = new State[0][];
            shared = new boolean[0];
            size = 0;
        }
    }

    /**
     * One rally's crowd figures over time, from its counting headcounts as known at K (DOMAIN.md, "Crowd"): each
     * reporter's latest observation counts from its observedAt until the reporter's next observation or for 60
     * minutes; at each moment the rally's estimate is the lower median of what counts, with the lowest and highest.
     * Steps in time order; from {@code times[i]} on the figures are those of step i ({@code counted[i]}: anything).
     */
    record Rally(long[] times, long[] estimate, long[] low, long[] high, boolean[] counted) {

        /** {estimate, low, high} at {@code t}; null if nothing counts then. */
        long[] at(long t) {
            int i = Arrays.binarySearch(times, t);
            if (i < 0) {
                i = -i - 2;
            }
            return i < 0 || !counted[i] ? null : new long[]{estimate[i], low[i], high[i]};
        }

        /**
         * Moves the summed estimate's steps from a rally's figures {@code before} to {@code after} (either may be
         * null), which differ only at the moments in [{@code from}, {@code to}]: only where the two differ, which a
         * new headcount makes a window of an hour at most.
         */
        static void changeSteps(Rally before, Rally after, Peaks peaks, long from, long to) {
            int n = before == null ? 0 : before.times.length;
            int m = after == null ? 0 : after.times.length;
            int i = before == null ? 0 : firstAtOrAfter(before.times, from);
            int j = after == null ? 0 : firstAtOrAfter(after.times, from);
            long a = i > 0 && before.counted[i - 1] ? before.estimate[i - 1] : 0; // the estimates before each step
            long b = j > 0 && after.counted[j - 1] ? after.estimate[j - 1] : 0;
            while ((i < n && before.times[i] <= to) || (j < m && after.times[j] <= to)) {
                long moment = Math.min(i < n ? before.times[i] : Long.MAX_VALUE, j < m ? after.times[j] : Long.MAX_VALUE);
                long change = 0;
                if (i < n && before.times[i] == moment) {
                    long now = before.counted[i] ? before.estimate[i] : 0;
                    change -= now - a;
                    a = now;
                    i++;
                }
                if (j < m && after.times[j] == moment) {
                    long now = after.counted[j] ? after.estimate[j] : 0;
                    change += now - b;
                    b = now;
                    j++;
                }
                peaks.add(moment, change);
            }
        }

        /** The index of the first of these moments (ascending, each once) at or after {@code moment}. */
        private static int firstAtOrAfter(long[] times, long moment) {
            int i = Arrays.binarySearch(times, moment);
            return i < 0 ? -i - 1 : i;
        }

        static Rally of(DayIndex day, int[] current, int s, Mode mode) {
            return steps(counting(day, current, s, mode, Long.MIN_VALUE, Long.MAX_VALUE));
        }

        /**
         * These figures with the moments in [{@code from}, {@code to}) taken again from the rally's counting
         * headcounts observed from an hour before to an hour after (every observation that counts then, and the
         * reporter's next one that may end it); the other steps as they are.
         */
        Rally updated(DayIndex day, int[] current, int s, Mode mode, long from, long to) {
            Rally inside = steps(counting(day, current, s, mode, from - TallyEngine.WINDOW, to + TallyEngine.WINDOW));
            int first = firstAtOrAfter(times, from);
            int last = firstAtOrAfter(times, to);
            int within = firstAtOrAfter(inside.times, from);
            int beyond = firstAtOrAfter(inside.times, to);
            Steps steps = new Steps(first + 1 + (beyond - within) + 1 + (times.length - last));
            for (int i = 0; i < first; i++) {
                steps.add(times[i], estimate[i], low[i], high[i], counted[i]);
            }
            inside.stepAt(from, steps);
            for (int i = within; i < beyond; i++) {
                if (inside.times[i] > from) {
                    steps.add(inside.times[i], inside.estimate[i], inside.low[i], inside.high[i], inside.counted[i]);
                }
            }
            stepAt(to, steps);
            for (int i = last; i < times.length; i++) {
                if (times[i] > to) {
                    steps.add(times[i], estimate[i], low[i], high[i], counted[i]);
                }
            }
            return steps.rally();
        }

        /** A step at {@code moment} to the figures these have from then on. */
        private void stepAt(long moment, Steps steps) {
            long[] figures = at(moment);
            if (figures == null) {
                steps.add(moment, 0, 0, 0, false);
            } else {
                steps.add(moment, figures[0], figures[1], figures[2], true);
            }
        }

        /** Steps as they are added, in order of their moments, less those that change nothing. */
        private static final class Steps {
            final long[] times;
            final long[] estimate;
            final long[] low;
            final long[] high;
            final boolean[] counted;
            int n;

            Steps(int capacity) {
                times = new long[capacity];
                estimate = new long[capacity];
                low = new long[capacity];
                high = new long[capacity];
                counted = new boolean[capacity];
            }

            void add(long moment, long e, long l, long h, boolean c) {
                boolean same = n == 0 ? !c
                        : counted[n - 1] == c && (!c || (estimate[n - 1] == e && low[n - 1] == l && high[n - 1] == h));
                if (same) {
                    return;
                }
                times[n] = moment;
                estimate[n] = c ? e : 0;
                low[n] = c ? l : 0;
                high[n] = c ? h : 0;
                counted[n] = c;
                n++;
            }

            Rally rally() {
                return new Rally(Arrays.copyOf(times, n), Arrays.copyOf(estimate, n), Arrays.copyOf(low, n),
                        Arrays.copyOf(high, n), Arrays.copyOf(counted, n));
            }
        }

        /**
         * The rally's counting headcounts observed in [{@code from}, {@code to}): {reporter, observedAt, submittedAt,
         * figure}.
         */
        private static List<long[]> counting(DayIndex day, int[] current, int s, Mode mode, long from, long to) {
            List<long[]> counting = new ArrayList<>();
            for (int r = day.subjectFirst[s]; r >= 0; r = day.reportNext[r]) {
                int v = current[r];
                if (v >= 0 && day.reportKind[r] == HEADCOUNT && day.counts(v, mode) && day.versionObserved[v] >= from
                        && day.versionObserved[v] < to) {
                    counting.add(new long[]{day.reportReporter[r], day.versionObserved[v], day.reportSubmitted[r],
                            day.versionFigure[v]});
                }
            }
            return counting;
        }

        /** The figures over time of these counting headcounts. */
        private static Rally steps(List<long[]> counting) {
            // By reporter, then latest order.
            counting.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1])
                    : Long.compare(a[2], b[2]));
            // Each observation's interval: [observedAt, min(the reporter's next observation, observedAt + 60 min)).
            List<long[]> changes = new ArrayList<>(); // {moment, figure, +1 | -1}
            for (int i = 0; i < counting.size(); i++) {
                long[] c = counting.get(i);
                boolean sameNext = i + 1 < counting.size() && counting.get(i + 1)[0] == c[0];
                if (sameNext && counting.get(i + 1)[1] == c[1]) {
                    continue; // the same observedAt: the later-submitted one is the latest
                }
                long end = c[1] + TallyEngine.WINDOW;
                if (sameNext) {
                    end = Math.min(end, counting.get(i + 1)[1]);
                }
                changes.add(new long[]{c[1], c[3], 1});
                changes.add(new long[]{end, c[3], -1});
            }
            changes.sort((a, b) -> Long.compare(a[0], b[0]));
            int n = 0;
            long[] times = new long[changes.size()];
            long[] estimate = new long[changes.size()];
            long[] low = new long[changes.size()];
            long[] high = new long[changes.size()];
            boolean[] counted = new boolean[changes.size()];
            int[] sorted = new int[Math.max(1, changes.size())];
            int size = 0;
            for (int i = 0; i < changes.size(); ) {
                long moment = changes.get(i)[0];
                for (; i < changes.size() && changes.get(i)[0] == moment; i++) {
                    int figure = (int) changes.get(i)[1];
                    int at = Arrays.binarySearch(sorted, 0, size, figure);
                    if (changes.get(i)[2] > 0) {
                        at = at < 0 ? -at - 1 : at;
                        System.arraycopy(sorted, at, sorted, at + 1, size - at);
                        sorted[at] = figure;
                        size++;
                    } else {
                        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
                        size--;
                    }
                }
                times[n] = moment;
                counted[n] = size > 0;
                estimate[n] = size > 0 ? sorted[(size - 1) / 2] : 0;
                low[n] = size > 0 ? sorted[0] : 0;
                high[n] = size > 0 ? sorted[size - 1] : 0;
                n++;
            }
            return new Rally(Arrays.copyOf(times, n), Arrays.copyOf(estimate, n), Arrays.copyOf(low, n),
                    Arrays.copyOf(high, n), Arrays.copyOf(counted, n));
        }
    }

    /**
     * The summed crowd estimate over time, as its steps (moment → change), in buckets of a minute that each keep their
     * own sum and highest running sum: the peak up to T reads each bucket's two numbers, and a rally's change touches
     * only the buckets of its steps.
     */
    static final class Peaks {
        private static final long BUCKET = 60_000_000L;
        private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
        /** Where every step is added too (null: nowhere): a campaign's peaks are the sum of its days'. */
        private final Peaks sum;
        /**
         * The buckets before {@code prefixKey}, as {@link #upTo} last summed them: the running sum after them, and the
         * peak over them and its moment. Forgotten when one of them changes, or T goes back before them.
         */
        private long prefixKey = Long.MIN_VALUE;
        private long prefixRunning;
        private long prefixPeak;
        private long prefixAt = NONE;

        Peaks() {
            this(null);
        }

        Peaks(Peaks sum) {
            this.sum = sum;
        }

        private static final class Bucket {
            final TreeMap<Long, Long> steps = new TreeMap<>();
            boolean stale = true;
            long sum;
            long highest;
            long highestAt;

            void refresh() {
                if (stale) {
                    long running = 0;
                    highest = Long.MIN_VALUE;
                    for (Map.Entry<Long, Long> step : steps.entrySet()) {
                        running += step.getValue();
                        if (running > highest) {
                            highest = running;
                            highestAt = step.getKey();
                        }
                    }
                    sum = running;
                    stale = false;
                }
            }
        }

        void add(long moment, long change) {
            if (change == 0) {
                return;
            }
            if (sum != null) {
                sum.add(moment, change);
            }
            long key = Math.floorDiv(moment, BUCKET);
            if (key < prefixKey) {
                forgetPrefix(); // a bucket it summed changed
            }
            Bucket bucket = buckets.computeIfAbsent(key, x -> new Bucket());
            if (bucket.steps.merge(moment, change, Long::sum) == 0) {
                bucket.steps.remove(moment);
            }
            bucket.stale = true;
            if (bucket.steps.isEmpty()) {
                buckets.remove(key);
            }
        }

        /**
         * {peak, moment} of the summed estimate over the moments up to {@code t}: {0, NONE} if it never rose above 0.
         * The whole buckets before {@code t}'s are summed from where the last call left off, as T moves forward.
         */
        long[] upTo(long t) {
            long key = Math.floorDiv(t, BUCKET);
            if (key < prefixKey) {
                forgetPrefix(); // T went back
            }
            long running = prefixRunning;
            long peak = prefixPeak;
            long at = prefixAt;
            for (Bucket bucket : buckets.subMap(prefixKey, true, key, false).values()) {
                bucket.refresh();
                if (running + bucket.highest > peak) {
                    peak = running + bucket.highest;
                    at = bucket.highestAt;
                }
                running += bucket.sum;
            }
            prefixKey = key;
            prefixRunning = running;
            prefixPeak = peak;
            prefixAt = at;
            Bucket last = buckets.get(key);
            if (last != null) {
                for (Map.Entry<Long, Long> step : last.steps.headMap(t, true).entrySet()) {
                    running += step.getValue();
                    if (running > peak) {
                        peak = running;
                        at = step.getKey();
                    }
                }
            }
            return new long[]{peak, at};
        }

        private void forgetPrefix() {
            prefixKey = Long.MIN_VALUE;
            prefixRunning = 0;
            prefixPeak = 0;
            prefixAt = NONE;
        }

        void clear() {
            forgetPrefix();
            if (sum != null) {
                for (Bucket bucket : buckets.values()) {
                    bucket.steps.forEach((moment, change) -> sum.add(moment, -change));
                }
            }
            buckets.clear();
        }
    }
}
