package org.standstill.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An independent model of "The tally, exactly" in DOMAIN.md, written from that text alone: it keeps the history of
 * a day's report events as a client saw them stored, and answers every figure of the tally at T as known at K, in
 * mode ALL or VERIFIED.
 *
 * <p>A client does not see an event's recordedAt, only that it lies within its request: from just before the request
 * was sent to just after its answer came. So each event carries that interval, and a K must not fall inside one
 * (the oracle refuses such a K rather than guess).
 *
 * <p>Readings taken where DOMAIN.md leaves room:
 * <ul>
 *   <li>The {@code reports} counts depend on K only, not on T (and not on the mode): every report submitted as
 *       known at K, whatever its observedAt.</li>
 *   <li>A subject's sector and location (so its zone) are those its first report gave; tests give one subject the
 *       same sector and location in every report.</li>
 *   <li>A workplace's type is that of the report that gives its participants (its latest counting one).</li>
 *   <li>The reporter of a report is its submitter: a correction by someone else does not change it.</li>
 *   <li>peakAt is null while the peak is 0 (no crowd yet).</li>
 * </ul>
 */
final class TallyOracle {

    enum Kind { CLOSURE, WALKOUT, HEADCOUNT }

    enum Mode { ALL, VERIFIED }

    static final Duration CROWD_WINDOW = Duration.ofMinutes(60);

    /** A zone as an axis-aligned rectangle (the polygons the tests plan are such rectangles). */
    record Zone(String name, double west, double south, double east, double north) {

        boolean contains(double lat, double lon) {
            return lon > west && lon < east && lat > south && lat < north;
        }
    }

    /** What a subject is, as far as the tally needs it. */
    record Subject(String key, String sector, double lat, double lon) {
    }

    /** The figures of one report version; those of the other kinds are null. */
    record Facts(String status, String type, Integer participants, Integer headcount) {

        static Facts closure(String status) {
            return new Facts(status, null, null, null);
        }

        static Facts walkout(String type, int participants) {
            return new Facts(null, type, participants, null);
        }

        static Facts headcount(int headcount) {
            return new Facts(null, null, null, headcount);
        }
    }

    private sealed interface Change permits Submitted, Corrected, Retracted, Judged {
        UUID reportId();
    }

    private record Submitted(UUID reportId, Kind kind, String reporter, Subject subject, Instant observedAt,
                             Facts facts) implements Change {
    }

    /** {@code observedAt} null: unchanged. */
    private record Corrected(UUID reportId, Instant observedAt, Facts facts) implements Change {
    }

    private record Retracted(UUID reportId) implements Change {
    }

    private record Judged(UUID reportId, String verdict) implements Change {
    }

    /** A change stored by a request sent at {@code before} and answered at {@code after}. */
    private record Recorded(Instant before, Instant after, Change change) {
    }

    /** A report as known at some K. */
    private static final class Report {
        final Kind kind;
        final String reporter;
        final Subject subject;
        final int submittedAs; // order of first submission
        Instant observedAt;
        Facts facts;
        String verdict; // null: unreviewed
        boolean retracted;

        Report(Submitted s, int submittedAs) {
            kind = s.kind();
            reporter = s.reporter();
            subject = s.subject();
            this.submittedAs = submittedAs;
            observedAt = s.observedAt();
            facts = s.facts();
        }

        boolean counts(Mode mode) {
            return !retracted && (mode == Mode.ALL ? !"DISPUTED".equals(verdict) : "VERIFIED".equals(verdict));
        }
    }

    /** "Latest" orders by observedAt (as corrected), then by the order of first submission. */
    private static final Comparator<Report> LATEST = Comparator.<Report, Instant>comparing(r -> r.observedAt)
            .thenComparingInt(r -> r.submittedAs);

    private final List<Zone> zones;
    private final List<Recorded> history = new ArrayList<>();

    TallyOracle(List<Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    List<String> zoneNames() {
        return zones.stream().map(Zone::name).toList();
    }

    void submitted(Instant before, Instant after, UUID reportId, Kind kind, String reporter, Subject subject,
                   Instant observedAt, Facts facts) {
        record(before, after, new Submitted(reportId, kind, reporter, subject, observedAt, facts));
    }

    void corrected(Instant before, Instant after, UUID reportId, Instant observedAtOrNull, Facts facts) {
        record(before, after, new Corrected(reportId, observedAtOrNull, facts));
    }

    void retracted(Instant before, Instant after, UUID reportId) {
        record(before, after, new Retracted(reportId));
    }

    void judged(Instant before, Instant after, UUID reportId, String verdict) {
        record(before, after, new Judged(reportId, verdict));
    }

    private void record(Instant before, Instant after, Change change) {
        if (after.isBefore(before)) {
            throw new IllegalArgumentException("An interval that ends before it starts");
        }
        history.add(new Recorded(before, after, change));
    }

    /** The tally at T as known at K. */
    Figures tally(Instant at, Instant knownAt, Mode mode) {
        List<Report> reports = known(knownAt);
        Figures.Builder figures = Figures.zero(zoneNames());
        businesses(reports, at, mode, figures);
        walkouts(reports, at, mode, figures);
        crowd(reports, at, mode, figures);
        figures.reports(reports.size(),
                reports.stream().filter(r -> !r.retracted && "VERIFIED".equals(r.verdict)).count(),
                reports.stream().filter(r -> !r.retracted && "DISPUTED".equals(r.verdict)).count(),
                reports.stream().filter(r -> r.retracted).count());
        return figures.build();
    }

    /** Replays the history up to K: only events with recordedAt ≤ K exist. */
    private List<Report> known(Instant knownAt) {
        Map<UUID, Report> reports = new LinkedHashMap<>();
        for (Recorded recorded : history) {
            if (recorded.before().isAfter(knownAt)) {
                continue; // recorded after K
            }
            if (recorded.after().isAfter(knownAt)) {
                throw new IllegalArgumentException("K = " + knownAt + " lies within the request of " + recorded
                        + ": whether it is known then cannot be told from outside");
            }
            Change change = recorded.change();
            if (change instanceof Submitted s) {
                if (reports.containsKey(s.reportId())) {
                    throw new IllegalStateException("Submitted twice: " + s.reportId());
                }
                reports.put(s.reportId(), new Report(s, reports.size()));
                continue;
            }
            Report report = reports.get(change.reportId());
            if (report == null) {
                throw new IllegalStateException("A change to a report not submitted yet: " + change);
            }
            if (change instanceof Corrected c) {
                if (c.observedAt() != null) {
                    report.observedAt = c.observedAt();
                }
                report.facts = c.facts();
                report.verdict = null; // a correction resets the verdict to UNREVIEWED
            } else if (change instanceof Retracted) {
                report.retracted = true;
            } else if (change instanceof Judged j) {
                report.verdict = j.verdict();
            }
        }
        return List.copyOf(reports.values());
    }

    /** Per subject, its latest counting report of {@code kind} with observedAt ≤ T. */
    private static Map<String, Report> latestPerSubject(List<Report> reports, Kind kind, Instant at, Mode mode) {
        Map<String, Report> latest = new LinkedHashMap<>();
        for (Report report : reports) {
            if (report.kind == kind && report.counts(mode) && !report.observedAt.isAfter(at)) {
                latest.merge(report.subject.key(), report, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
            }
        }
        return latest;
    }

    private void businesses(List<Report> reports, Instant at, Mode mode, Figures.Builder figures) {
        Map<String, Subject> subjects = firstSubjects(reports, Kind.CLOSURE);
        latestPerSubject(reports, Kind.CLOSURE, at, mode).forEach((key, report) -> {
            Subject subject = subjects.get(key);
            figures.business(report.facts.status(), subject.sector(), zoneOf(subject));
        });
    }

    private static Map<String, Subject> firstSubjects(List<Report> reports, Kind kind) {
        Map<String, Subject> subjects = new HashMap<>();
        reports.stream().filter(r -> r.kind == kind).forEach(r -> subjects.putIfAbsent(r.subject.key(), r.subject));
        return subjects;
    }

    private String zoneOf(Subject subject) {
        return zones.stream().filter(z -> z.contains(subject.lat(), subject.lon())).map(Zone::name).findFirst()
                .orElse(Figures.UNZONED);
    }

    private static void walkouts(List<Report> reports, Instant at, Mode mode, Figures.Builder figures) {
        long workplaces = 0;
        long workers = 0;
        long students = 0;
        for (Report report : latestPerSubject(reports, Kind.WALKOUT, at, mode).values()) {
            int participants = report.facts.participants();
            if (participants > 0) {
                workplaces++;
            }
            switch (report.facts.type()) {
                case "WALKOUT", "SICKOUT" -> workers += participants;
                case "STUDENT_WALKOUT" -> students += participants;
                default -> throw new IllegalStateException("Unknown walkout type " + report.facts.type());
            }
        }
        figures.walkouts(workplaces, workers, students);
    }

    /** estimate, low, high, rallies at T. */
    private record Crowd(long estimate, long low, long high, long rallies) {
    }

    private static Crowd crowdAt(List<Report> reports, Instant at, Mode mode) {
        // Per rally, per distinct reporter: the latest counting HEADCOUNT with observedAt ≤ T; it is taken when its
        // observedAt lies in (T − 60 min, T] (if the latest is older, no report of that reporter lies in the window).
        Map<String, Map<String, Report>> perRally = new LinkedHashMap<>();
        for (Report report : reports) {
            if (report.kind == Kind.HEADCOUNT && report.counts(mode) && !report.observedAt.isAfter(at)) {
                perRally.computeIfAbsent(report.subject.key(), k -> new LinkedHashMap<>())
                        .merge(report.reporter, report, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
            }
        }
        Instant windowStart = at.minus(CROWD_WINDOW);
        long estimate = 0;
        long low = 0;
        long high = 0;
        long rallies = 0;
        for (Map<String, Report> byReporter : perRally.values()) {
            List<Integer> headcounts = byReporter.values().stream()
                    .filter(r -> r.observedAt.isAfter(windowStart))
                    .map(r -> r.facts.headcount()).sorted().toList();
            if (headcounts.isEmpty()) {
                continue;
            }
            rallies++;
            estimate += headcounts.get((headcounts.size() - 1) / 2); // the lower median
            low += headcounts.get(0);
            high += headcounts.get(headcounts.size() - 1);
        }
        return new Crowd(estimate, low, high, rallies);
    }

    private static void crowd(List<Report> reports, Instant at, Mode mode, Figures.Builder figures) {
        Crowd now = crowdAt(reports, at, mode);
        // The estimate is a step function of T that changes only at an observedAt (a report enters the window, or
        // replaces its reporter's earlier one) or at an observedAt + 60 min (it leaves); a report is in the window
        // on [observedAt, observedAt + 60 min). So the earliest T' ≤ T where the maximum is reached is one of these.
        TreeSet<Instant> changes = new TreeSet<>();
        for (Report report : reports) {
            if (report.kind == Kind.HEADCOUNT && report.counts(mode)) {
                changes.add(report.observedAt);
                changes.add(report.observedAt.plus(CROWD_WINDOW));
            }
        }
        long peak = 0;
        Instant peakAt = null;
        for (Instant change : changes.headSet(at, true)) {
            long estimate = crowdAt(reports, change, mode).estimate();
            if (estimate > peak) {
                peak = estimate;
                peakAt = change;
            }
        }
        figures.crowd(now.estimate(), now.low(), now.high(), now.rallies(), peak, peakAt);
    }

    /**
     * The moments at which the crowd estimate as known at K can change (each counting headcount's observedAt, and an
     * hour after): a campaign's peak of the summed estimate is reached at one of its days' such moments.
     */
    List<Instant> crowdChanges(Instant knownAt, Mode mode) {
        List<Instant> changes = new ArrayList<>();
        for (Report report : known(knownAt)) {
            if (report.kind == Kind.HEADCOUNT && report.counts(mode)) {
                changes.add(report.observedAt);
                changes.add(report.observedAt.plus(CROWD_WINDOW));
            }
        }
        return changes;
    }

    /** Every observedAt ever given, by a submission or a correction (for tests choosing interesting T). */
    List<Instant> observedAts() {
        List<Instant> all = new ArrayList<>();
        for (Recorded recorded : history) {
            if (recorded.change() instanceof Submitted s) {
                all.add(s.observedAt());
            } else if (recorded.change() instanceof Corrected c) {
                if (c.observedAt() != null) {
                    all.add(c.observedAt());
                }
            }
        }
        return all;
    }
}
