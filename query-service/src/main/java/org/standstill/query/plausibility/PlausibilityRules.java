package org.standstill.query.plausibility;

import org.standstill.query.tally.TallyRules;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The plausibility flags of DOMAIN.md ("Plausibility") in plain Java: flags for people, never a change to a figure.
 *
 * <p>A rally's crowd at T is the lower median of each distinct reporter's latest counting headcount observed in
 * (T − 60 min, T] (the same set {@link TallyRules#rally} counts). Within that set a headcount is an {@code outlier}
 * when at least two other reporters are counted and it is more than three times, or less than a third of, the lower
 * median of theirs; the rally's estimate is {@code unconfirmed} while it rests on one reporter whose report has no
 * verdict. A report the crowd does not count at T (retracted, disputed, superseded by its reporter's later one, or
 * outside the window) carries no flag at T.
 */
public final class PlausibilityRules {

    public static final String OUTLIER = "outlier";
    public static final String UNCONFIRMED = "unconfirmed";
    /** An outlier is more than this many times the others' lower median, or less than its reciprocal. */
    static final long FACTOR = 3;
    /** How many other reporters an outlier is judged against, at least. */
    static final int MIN_OTHERS = 2;

    /** A HEADCOUNT report as known at K: its figures and observedAt are those of its latest correction. */
    public record Headcount(UUID reportId, String reporterId, long submittedAt, Instant observedAt, int headcount,
                            String method, Verdict verdict, boolean retracted) implements TallyRules.Fact {
    }

    /** One counted headcount and what it is judged against: the lower median of the others, if there are two or more. */
    public record Judged(Headcount report, int others, Long othersMedian, boolean outlier) {
    }

    /**
     * One rally at T: the counted headcounts (one per reporter, in submission order) with each one's judgement, how
     * many were counted by method, and whether the estimate is unconfirmed.
     */
    public record RallyCheck(List<Judged> counted, Map<String, Integer> methods, boolean unconfirmed) {

        public static final RallyCheck NONE = new RallyCheck(List.of(), Map.of(), false);

        public int reporters() {
            return counted.size();
        }

        public List<UUID> outliers() {
            return counted.stream().filter(Judged::outlier).map(j -> j.report().reportId()).toList();
        }

        public List<String> flags() {
            return unconfirmed ? List.of(UNCONFIRMED) : List.of();
        }

        /** The judgement of one report, if the crowd counts it at T. */
        public java.util.Optional<Judged> of(UUID reportId) {
            return counted.stream().filter(j -> j.report().reportId().equals(reportId)).findFirst();
        }
    }

    /** Latest first: by observedAt, then by the order of first submission (DOMAIN.md). */
    private static final Comparator<Headcount> LATEST =
            Comparator.comparing(Headcount::observedAt).thenComparingLong(Headcount::submittedAt);

    private PlausibilityRules() {
    }

    /** Each distinct reporter's latest counting headcount observed in (T − 60 min, T], in submission order. */
    public static List<Headcount> counted(Collection<Headcount> rallyReports, Instant at, Mode mode) {
        Instant from = at.minus(TallyRules.CROWD_WINDOW);
        Map<String, Headcount> latest = new HashMap<>();
        for (Headcount report : rallyReports) {
            if (report.counts(mode) && report.observedAt().isAfter(from) && !report.observedAt().isAfter(at)) {
                latest.merge(report.reporterId(), report, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
            }
        }
        List<Headcount> counted = new ArrayList<>(latest.values());
        counted.sort(Comparator.comparingLong(Headcount::submittedAt));
        return counted;
    }

    /** The rally's flags at T in {@code mode}, from every HEADCOUNT report of that rally as known at K. */
    public static RallyCheck check(Collection<Headcount> rallyReports, Instant at, Mode mode) {
        List<Headcount> counted = counted(rallyReports, at, mode);
        if (counted.isEmpty()) {
            return RallyCheck.NONE;
        }
        long[] sorted = counted.stream().mapToLong(Headcount::headcount).sorted().toArray();
        List<Judged> judged = new ArrayList<>(counted.size());
        Map<String, Integer> methods = new TreeMap<>();
        for (Headcount report : counted) {
            int others = sorted.length - 1;
            Long median = others >= MIN_OTHERS ? lowerMedianWithout(sorted, report.headcount()) : null;
            judged.add(new Judged(report, others, median, median != null && isOutlier(report.headcount(), median)));
            methods.merge(report.method() == null ? "OTHER" : report.method(), 1, Integer::sum);
        }
        boolean unconfirmed = counted.size() == 1 && counted.get(0).verdict() == Verdict.UNREVIEWED;
        return new RallyCheck(List.copyOf(judged), java.util.Collections.unmodifiableMap(methods), unconfirmed);
    }

    /** More than three times, or less than a third of, the others' lower median. */
    static boolean isOutlier(long headcount, long othersMedian) {
        return headcount > FACTOR * othersMedian || FACTOR * headcount < othersMedian;
    }

    /**
     * The lower median (index ⌊(n−1)/2⌋ of the sorted list) of {@code sorted} with one occurrence of {@code value}
     * taken out: removing any one of equal values leaves the same list.
     */
    static long lowerMedianWithout(long[] sorted, long value) {
        int removed = Arrays.binarySearch(sorted, value);
        if (removed < 0) {
            throw new IllegalArgumentException(value + " is not among the counted headcounts");
        }
        int k = (sorted.length - 2) / 2; // index of the lower median among the n − 1 others
        return k < removed ? sorted[k] : sorted[k + 1];
    }
}
