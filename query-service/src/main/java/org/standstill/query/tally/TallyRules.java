package org.standstill.query.tally;

import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.WalkoutType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tally's rules (DOMAIN.md, "The tally, exactly") in plain Java: the live projection and the
 * evaluation of any past moment both decide every figure here.
 */
public final class TallyRules {

    public enum Mode { ALL, VERIFIED }

    public enum Verdict { UNREVIEWED, VERIFIED, DISPUTED }

    public enum Kind { CLOSURE, WALKOUT, HEADCOUNT }

    /** A rally's headcounts count while observed within this window up to T. */
    public static final Duration CROWD_WINDOW = Duration.ofMinutes(60);

    /** What every report has, as known at the moment of the view. */
    public interface Fact {
        /** Position of the report's first event: the order in which reports were first submitted. */
        long submittedAt();

        /** When the reporter saw it, as corrected. */
        Instant observedAt();

        Verdict verdict();

        boolean retracted();

        /** Counts in ALL mode unless retracted or disputed; in VERIFIED mode only when verified. */
        default boolean counts(Mode mode) {
            return !retracted() && (mode == Mode.ALL ? verdict() != Verdict.DISPUTED : verdict() == Verdict.VERIFIED);
        }
    }

    /** A report as known at some moment: its figures and observedAt are those of its latest correction. */
    public record Report(java.util.UUID reportId, Kind kind, String subjectId, String reporterId, long submittedAt,
                         Instant observedAt, ClosureStatus status, WalkoutType type, int participants,
                         int headcount, Verdict verdict, boolean retracted) implements Fact {
    }

    /** One rally's crowd at T: {@code reporters} distinct reporters' latest headcounts in the window. */
    public record RallyCrowd(long estimate, long low, long high, int reporters) {
        static final RallyCrowd NONE = new RallyCrowd(0, 0, 0, 0);
    }

    /** The crowd figures at T. */
    public record Crowd(long estimate, long low, long high, long rallies, long peak, Instant peakAt) {
    }

    /** The walkout figures at T. */
    public record Walkouts(long workplaces, long workers, long students) {
    }

    /** Latest first: by observedAt, then by the order of first submission. */
    static final Comparator<Fact> LATEST_ORDER =
            Comparator.comparing(Fact::observedAt).thenComparingLong(Fact::submittedAt);

    private TallyRules() {
    }

    /** The latest counting report observed at or before {@code at}. */
    public static <F extends Fact> Optional<F> latest(Collection<F> reports, Instant at, Mode mode) {
        return reports.stream()
                .filter(r -> r.counts(mode) && !r.observedAt().isAfter(at))
                .max(LATEST_ORDER);
    }

    /**
     * The first instant after {@code at} at which time passing alone can change what {@link #latest}
     * answers: the earliest observedAt still ahead of {@code at}.
     */
    public static Optional<Instant> nextChange(Collection<? extends Fact> reports, Instant at) {
        return reports.stream()
                .filter(r -> !r.retracted() && r.observedAt().isAfter(at))
                .map(Fact::observedAt)
                .min(Comparator.naturalOrder());
    }

    /** Walkout figures from each workplace's latest counting report at T. */
    public static Walkouts walkouts(Collection<Report> walkoutReports, Instant at, Mode mode) {
        long workplaces = 0;
        long workers = 0;
        long students = 0;
        for (List<Report> workplace : bySubject(walkoutReports).values()) {
            Optional<Report> latest = latest(workplace, at, mode);
            if (latest.isEmpty()) {
                continue;
            }
            Report report = latest.get();
            if (report.participants() > 0) {
                workplaces++;
            }
            if (report.type() == WalkoutType.STUDENT_WALKOUT) {
                students += report.participants();
            } else {
                workers += report.participants();
            }
        }
        return new Walkouts(workplaces, workers, students);
    }

    /**
     * One rally at T: each distinct reporter's latest counting headcount observed in (T − 60 min, T];
     * the estimate is their lower median, low and high the extremes.
     */
    public static RallyCrowd rally(Collection<Report> rallyReports, Instant at, Mode mode) {
        Instant from = at.minus(CROWD_WINDOW);
        Map<String, Report> latestByReporter = new HashMap<>();
        for (Report report : rallyReports) {
            if (report.counts(mode) && report.observedAt().isAfter(from) && !report.observedAt().isAfter(at)) {
                latestByReporter.merge(report.reporterId(), report,
                        (a, b) -> LATEST_ORDER.compare(a, b) >= 0 ? a : b);
            }
        }
        if (latestByReporter.isEmpty()) {
            return RallyCrowd.NONE;
        }
        long[] counts = latestByReporter.values().stream().mapToLong(Report::headcount).sorted().toArray();
        return new RallyCrowd(counts[(counts.length - 1) / 2], counts[0], counts[counts.length - 1], counts.length);
    }

    /**
     * The crowd at T: sums over rallies, and the peak of the estimate over every T' ≤ T with the earliest
     * moment it was reached. The estimate only changes when a counting headcount enters the window (its
     * observedAt) or leaves it (observedAt + 60 min), so the peak is sought at those moments.
     */
    public static Crowd crowd(Collection<Report> headcountReports, Instant at, Mode mode) {
        Map<String, List<Report>> rallies = bySubject(headcountReports);
        long estimate = 0;
        long low = 0;
        long high = 0;
        long counted = 0;
        for (List<Report> rally : rallies.values()) {
            RallyCrowd crowd = rally(rally, at, mode);
            estimate += crowd.estimate();
            low += crowd.low();
            high += crowd.high();
            counted += crowd.reporters() > 0 ? 1 : 0;
        }
        // Sweep the moments at which some rally's estimate may change, in order, up to T.
        TreeMap<Instant, List<String>> changes = new TreeMap<>();
        for (Report report : headcountReports) {
            if (report.counts(mode)) {
                for (Instant moment : List.of(report.observedAt(), report.observedAt().plus(CROWD_WINDOW))) {
                    if (!moment.isAfter(at)) {
                        changes.computeIfAbsent(moment, m -> new ArrayList<>()).add(report.subjectId());
                    }
                }
            }
        }
        Map<String, Long> byRally = new HashMap<>();
        long total = 0;
        long peak = 0;
        Instant peakAt = null;
        for (Map.Entry<Instant, List<String>> change : changes.entrySet()) {
            for (String rally : new TreeSet<>(change.getValue())) {
                long now = rally(rallies.get(rally), change.getKey(), mode).estimate();
                Long before = byRally.put(rally, now);
                total += now - (before == null ? 0 : before);
            }
            if (total > peak) {
                peak = total;
                peakAt = change.getKey();
            }
        }
        return new Crowd(estimate, low, high, counted, peak, peakAt);
    }

    /**
     * The first instant after {@code at} at which time passing alone may change the crowd figures: a
     * headcount's observedAt, or its observedAt + 60 min, still ahead.
     */
    public static Optional<Instant> nextCrowdChange(Collection<Report> headcountReports, Instant at) {
        return headcountReports.stream()
                .filter(r -> !r.retracted())
                .flatMap(r -> java.util.stream.Stream.of(r.observedAt(), r.observedAt().plus(CROWD_WINDOW)))
                .filter(moment -> moment.isAfter(at))
                .min(Comparator.naturalOrder());
    }

    public static Map<String, List<Report>> bySubject(Collection<Report> reports) {
        return reports.stream().collect(Collectors.groupingBy(Report::subjectId));
    }
}
