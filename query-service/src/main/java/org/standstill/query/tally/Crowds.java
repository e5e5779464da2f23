package org.standstill.query.tally;

import java.util.Arrays;

/**
 * The crowd figures over time (DOMAIN.md, "Crowd"), from the counting headcount versions known at K.
 *
 * <p>A reporter's latest counting headcount of a rally with observedAt in (T − 60 min, T] is the latest one observed
 * at or before T, if it was observed less than 60 minutes before T. So each of that reporter's observations counts
 * from its observedAt until the reporter's next observation or for 60 minutes, whichever ends first. The sweep
 * walks those starts and ends in time order keeping each rally's counted headcounts sorted, so each step updates one
 * rally's lower median, low and high, their sums, and the peak of the summed estimate.
 */
final class Crowds {

    private final DayIndex day;
    private int n;
    private int[] versions = new int[16];

    Crowds(DayIndex day) {
        this.day = day;
    }

    /** A counting headcount version {@code v} of report {@code r}. */
    void add(int v, int r) {
        if (n == versions.length) {
            versions = Arrays.copyOf(versions, n * 2);
        }
        versions[n++] = v;
    }

    /** The figures at each of {@code ts} (ascending), the peak up to the last of them, and per rally at the last. */
    static final class Sweep {
        final long[] estimate;
        final long[] low;
        final long[] high;
        final long[] rallyCount;
        long peak;
        long peakAt = Long.MIN_VALUE;
        /** Per subject (rallies only): {estimate, low, high} at the last moment; null if none counted. */
        long[][] rallies;
        /** If asked for: each moment up to the last at which the summed estimate changed, and the estimate from then on. */
        long[] stepAt;
        long[] stepEstimate;
        int steps;

        Sweep(int snapshots) {
            estimate = new long[snapshots];
            low = new long[snapshots];
            high = new long[snapshots];
            rallyCount = new long[snapshots];
        }

        Tally.Crowd crowd(int i) {
            return new Tally.Crowd(estimate[i], low[i], high[i], rallyCount[i], peak,
                    peakAt == Long.MIN_VALUE ? null : TallyEngine.instant(peakAt));
        }
    }

    Sweep sweep(long[] ts, boolean perRally) {
        return sweep(ts, perRally, false);
    }

    /** The sweep, and if {@code withSteps} the summed estimate's steps up to the last of {@code ts}. */
    Sweep sweep(long[] ts, boolean perRally, boolean withSteps) {
        // By rally, then reporter, then latest order (observedAt, then submission): candidates come in submission
        // order, so ordering by observedAt (ties by index), then stably by reporter and by rally, gives exactly that.
        long[] observed = new long[n];
        int[] reporter = new int[n];
        int[] rallyOf = new int[n];
        for (int i = 0; i < n; i++) {
            observed[i] = day.versionObserved[versions[i]];
            reporter[i] = day.reportReporter[day.versionReport[versions[i]]];
            rallyOf[i] = subject(versions[i]);
        }
        int[] byCandidate = IntSort.stableByBucket(IntSort.stableByBucket(IntSort.byKey(observed, n), reporter,
                day.reporterCount()), rallyOf, day.subjects);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = versions[byCandidate[i]];
        }
        // Each observation's interval: [observedAt, min(next observation of that reporter, observedAt + 60 min)).
        long[] time = new long[2 * n];
        int[] rally = new int[2 * n];
        int[] value = new int[2 * n];
        int events = 0;
        int i = 0;
        while (i < n) {
            int g = i + 1;
            while (g < n && sameRallyAndReporter(order[i], order[g])) {
                g++;
            }
            for (int a = i; a < g; ) {
                long o = day.versionObserved[order[a]];
                int b = a;
                while (b + 1 < g && day.versionObserved[order[b + 1]] == o) {
                    b++; // same observedAt: the later-submitted one is the latest
                }
                int winner = order[b];
                long end = o + TallyEngine.WINDOW;
                if (b + 1 < g) {
                    end = Math.min(end, day.versionObserved[order[b + 1]]);
                }
                int s = subject(winner);
                time[events] = o;
                rally[events] = s;
                value[events++] = day.versionFigure[winner] + 1; // +: starts counting (figures are ≥ 1)
                time[events] = end;
                rally[events] = s;
                value[events++] = -(day.versionFigure[winner] + 1); // -: stops
                a = b + 1;
            }
            i = g;
        }
        int[] byTime = IntSort.byKey(time, events);

        Sweep sweep = new Sweep(ts.length);
        if (withSteps) {
            sweep.stepAt = new long[16];
            sweep.stepEstimate = new long[16];
        }
        int[][] counted = new int[day.subjects][];
        int[] size = new int[day.subjects];
        long estimate = 0;
        long low = 0;
        long high = 0;
        long rallies = 0;
        int e = 0;
        for (int snapshot = 0; snapshot < ts.length; snapshot++) {
            while (e < events && time[byTime[e]] <= ts[snapshot]) {
                long moment = time[byTime[e]];
                while (e < events && time[byTime[e]] == moment) {
                    int ev = byTime[e++];
                    int s = rally[ev];
                    int c = size[s];
                    if (c > 0) {
                        estimate -= counted[s][(c - 1) / 2];
                        low -= counted[s][0];
                        high -= counted[s][c - 1];
                        rallies--;
                    }
                    if (value[ev] > 0) {
                        counted[s] = insert(counted[s], c, value[ev] - 1);
                        size[s] = ++c;
                    } else {
                        remove(counted[s], c, -value[ev] - 1);
                        size[s] = --c;
                    }
                    if (c > 0) {
                        estimate += counted[s][(c - 1) / 2];
                        low += counted[s][0];
                        high += counted[s][c - 1];
                        rallies++;
                    }
                }
                if (estimate > sweep.peak) {
                    sweep.peak = estimate;
                    sweep.peakAt = moment;
                }
                if (withSteps && (sweep.steps == 0 ? estimate != 0 : sweep.stepEstimate[sweep.steps - 1] != estimate)) {
                    if (sweep.steps == sweep.stepAt.length) {
                        sweep.stepAt = Arrays.copyOf(sweep.stepAt, sweep.steps * 2);
                        sweep.stepEstimate = Arrays.copyOf(sweep.stepEstimate, sweep.steps * 2);
                    }
                    sweep.stepAt[sweep.steps] = moment;
                    sweep.stepEstimate[sweep.steps++] = estimate;
                }
            }
            sweep.estimate[snapshot] = estimate;
            sweep.low[snapshot] = low;
            sweep.high[snapshot] = high;
            sweep.rallyCount[snapshot] = rallies;
        }
        if (perRally) {
            sweep.rallies = new long[day.subjects][];
            for (int s = 0; s < day.subjects; s++) {
                int c = size[s];
                if (c > 0) {
                    sweep.rallies[s] = new long[]{counted[s][(c - 1) / 2], counted[s][0], counted[s][c - 1]};
                }
            }
        }
        return sweep;
    }

    private int subject(int v) {
        return day.reportSubject[day.versionReport[v]];
    }

    private boolean sameRallyAndReporter(int a, int b) {
        int ra = day.versionReport[a];
        int rb = day.versionReport[b];
        return day.reportSubject[ra] == day.reportSubject[rb] && day.reportReporter[ra] == day.reportReporter[rb];
    }

    private static int[] insert(int[] sorted, int size, int x) {
        int[] a = sorted == null ? new int[4] : size == sorted.length ? Arrays.copyOf(sorted, size * 2) : sorted;
        int at = Arrays.binarySearch(a, 0, size, x);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(a, at, a, at + 1, size - at);
        a[at] = x;
        return a;
    }

    private static void remove(int[] sorted, int size, int x) {
        int at = Arrays.binarySearch(sorted, 0, size, x);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
    }
}
