package org.standstill.query.tally;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.Sector;
import org.standstill.api.report.WalkoutType;
import org.standstill.query.tally.DayIndex.Version;
import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyEngine.SubjectFigures;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Report;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tally engine against the plain rules of {@link TallyRules}, over random histories: observedAt out of
 * submission order and tied, corrections moving observedAt across T, verdict flips, retractions, headcounts entering
 * and leaving the 60-minute window, recordedAt out of log order — at random (T, K, mode).
 */
class TallyEnginePropertiesTest {

    static final Instant BASE = Instant.parse("2026-01-23T15:00:00Z");

    /** A random history: every version of every report, in log order, and what the subjects are. */
    record History(List<Version> versions, Map<String, String> sectors, Instant first, Instant last) {

        /** Every report as known at K: its highest-positioned version recorded at or before K. */
        List<Report> knownAt(Instant knownAt) {
            Map<UUID, Version> latest = new LinkedHashMap<>();
            for (Version v : versions) {
                if (!v.recordedAt().isAfter(knownAt)) {
                    latest.merge(v.reportId(), v, (a, b) -> a.position() > b.position() ? a : b);
                }
            }
            return latest.values().stream().map(v -> new Report(v.reportId(), v.kind(), v.subjectId(), v.reporterId(),
                    v.submittedAt(), v.observedAt(), v.status(), v.type(), v.participants(), v.headcount(), v.verdict(),
                    v.retracted())).toList();
        }
    }

    static History history(int reportCount, long seed) {
        Random random = new Random(seed);
        List<List<Version>> perReport = new ArrayList<>();
        Map<String, String> sectors = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            sectors.put("c" + i, Sector.values()[random.nextInt(3)].name());
        }
        // Events of all reports, interleaved at random, each report's in its own order.
        List<int[]> plan = new ArrayList<>(); // {report, step}
        List<Integer> steps = new ArrayList<>();
        for (int r = 0; r < reportCount; r++) {
            steps.add(1 + random.nextInt(4));
        }
        int[] done = new int[reportCount];
        int remaining = steps.stream().mapToInt(Integer::intValue).sum();
        while (remaining > 0) {
            int r = random.nextInt(reportCount);
            if (done[r] < steps.get(r)) {
                plan.add(new int[]{r, done[r]++});
                remaining--;
            }
        }
        Map<Integer, Version> state = new LinkedHashMap<>();
        List<Version> versions = new ArrayList<>();
        long position = 0;
        Instant recorded = BASE.minusSeconds(3 * 3600);
        for (int[] step : plan) {
            int r = step[0];
            position += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0); // gaps: other days' events
            recorded = recorded.plusSeconds(random.nextInt(4) * 60L);
            Instant recordedAt = random.nextInt(8) == 0 ? recorded.minusSeconds(90) : recorded; // clocks disagree
            Version before = state.get(r);
            Version after;
            if (before == null) {
                Kind kind = Kind.values()[random.nextInt(3)];
                String subject = switch (kind) {
                    case CLOSURE -> "c" + random.nextInt(4);
                    case WALKOUT -> "w" + random.nextInt(3);
                    case HEADCOUNT -> "h" + random.nextInt(3);
                };
                after = figures(new Version(new UUID(seed, r), position, recordedAt, kind, subject,
                        "p" + random.nextInt(5), position, observed(random), null, null, 0, 0, Verdict.UNREVIEWED,
                        false), random, position, recordedAt);
            } else if (before.retracted()) {
                continue;
            } else {
                int what = random.nextInt(10);
                if (what < 4) { // a correction: new figures and maybe observedAt; the verdict is reset
                    Version moved = random.nextBoolean() ? before
                            : with(before, position, recordedAt, observed(random), before.verdict(), false);
                    after = figures(with(moved, position, recordedAt, moved.observedAt(), Verdict.UNREVIEWED, false),
                            random, position, recordedAt);
                } else if (what < 9) {
                    after = with(before, position, recordedAt, before.observedAt(),
                            random.nextBoolean() ? Verdict.VERIFIED : Verdict.DISPUTED, false);
                } else {
                    after = with(before, position, recordedAt, before.observedAt(), before.verdict(), true);
                }
            }
            state.put(r, after);
            versions.add(after);
        }
        Instant first = versions.stream().map(Version::observedAt).min(Comparator.naturalOrder()).orElse(BASE);
        Instant lastObserved = versions.stream().map(Version::observedAt).max(Comparator.naturalOrder()).orElse(BASE);
        Instant last = lastObserved.isAfter(recorded) ? lastObserved : recorded;
        return new History(versions, sectors, first.minusSeconds(3600), last.plusSeconds(2 * 3600));
    }

    /** Observed instants drawn from few minutes, so that ties happen, sometimes to the microsecond. */
    static Instant observed(Random random) {
        Instant at = BASE.plusSeconds(60L * (random.nextInt(48) * 5 - 120));
        return random.nextInt(6) == 0 ? at.plusNanos(1000L * (1 + random.nextInt(999_999))) : at;
    }

    static Version with(Version v, long position, Instant recordedAt, Instant observedAt, Verdict verdict,
                        boolean retracted) {
        return new Version(v.reportId(), position, recordedAt, v.kind(), v.subjectId(), v.reporterId(),
                v.submittedAt(), observedAt, v.status(), v.type(), v.participants(), v.headcount(), verdict, retracted);
    }

    static Version figures(Version v, Random random, long position, Instant recordedAt) {
        return switch (v.kind()) {
            case CLOSURE -> new Version(v.reportId(), position, recordedAt, v.kind(), v.subjectId(), v.reporterId(),
                    v.submittedAt(), v.observedAt(), ClosureStatus.values()[random.nextInt(3)], null, 0, 0,
                    v.verdict(), v.retracted());
            case WALKOUT -> new Version(v.reportId(), position, recordedAt, v.kind(), v.subjectId(), v.reporterId(),
                    v.submittedAt(), v.observedAt(), null, WalkoutType.values()[random.nextInt(3)],
                    random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50), 0, v.verdict(), v.retracted());
            case HEADCOUNT -> new Version(v.reportId(), position, recordedAt, v.kind(), v.subjectId(), v.reporterId(),
                    v.submittedAt(), v.observedAt(), null, null, 0, 1 + random.nextInt(1000), v.verdict(),
                    v.retracted());
        };
    }

    static DayIndex index(History history) {
        DayIndex day = new DayIndex("day");
        history.sectors().forEach((subject, sector) ->
                day.describe(new DayIndex.Subject(subject, Kind.CLOSURE, subject, sector, 44.97, -93.26)));
        for (String subject : List.of("w0", "w1", "w2")) {
            day.describe(new DayIndex.Subject(subject, Kind.WALKOUT, subject, "HEALTHCARE", 44.9, -93.2));
        }
        for (String subject : List.of("h0", "h1", "h2")) {
            day.describe(new DayIndex.Subject(subject, Kind.HEADCOUNT, subject, null, 44.98, -93.27));
        }
        history.versions().forEach(day::append);
        return day;
    }

    static Instant between(Random random, Instant from, Instant to) {
        long span = Math.max(0, to.getEpochSecond() - from.getEpochSecond());
        return from.plusSeconds(random.nextLong(span + 1)).plusNanos(random.nextInt(3) == 0 ? 0 : 1000L * random.nextInt(1_000_000));
    }

    @Property(tries = 400)
    void everyFigureAtAnyMomentAsKnownAtAnyMoment_isThatOfTheRules(@ForAll @IntRange(min = 1, max = 40) int reports,
                                                                    @ForAll long seed) {
        History history = history(reports, seed);
        DayIndex day = index(history);
        Random random = new Random(~seed);
        for (int q = 0; q < 8; q++) {
            Instant at = between(random, history.first(), history.last());
            Instant knownAt = random.nextInt(4) == 0 ? history.last() : between(random, BASE.minusSeconds(3 * 3600), history.last());
            Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
            List<Report> known = history.knownAt(knownAt);
            Evaluation evaluation = TallyEngine.evaluate(day, at, knownAt, mode);
            String view = "T=" + at + " K=" + knownAt + " " + mode;

            Map<String, Long> statuses = new LinkedHashMap<>();
            Map<String, Map<String, Long>> bySector = new LinkedHashMap<>();
            TallyRules.bySubject(known.stream().filter(r -> r.kind() == Kind.CLOSURE).toList()).forEach((subject, rs) ->
                    TallyRules.latest(rs, at, mode).ifPresent(latest -> {
                        statuses.merge(latest.status().name(), 1L, Long::sum);
                        bySector.computeIfAbsent(history.sectors().get(subject), s -> new LinkedHashMap<>())
                                .merge(latest.status().name(), 1L, Long::sum);
                    }));
            assertThat(evaluation.businesses.closed()).as(view).isEqualTo(statuses.getOrDefault("CLOSED", 0L));
            assertThat(evaluation.businesses.partial()).as(view).isEqualTo(statuses.getOrDefault("PARTIAL", 0L));
            assertThat(evaluation.businesses.open()).as(view).isEqualTo(statuses.getOrDefault("OPEN", 0L));
            bySector.forEach((sector, counts) -> assertThat(evaluation.businesses.bySector().get(sector))
                    .as(view + " " + sector)
                    .isEqualTo(new Tally.Counts(counts.getOrDefault("CLOSED", 0L), counts.getOrDefault("PARTIAL", 0L),
                            counts.getOrDefault("OPEN", 0L))));
            assertThat(evaluation.businesses.byZone().get("unzoned").closed()).as(view)
                    .isEqualTo(statuses.getOrDefault("CLOSED", 0L));

            TallyRules.Walkouts walkouts = TallyRules.walkouts(ofKind(known, Kind.WALKOUT), at, mode);
            assertThat(evaluation.walkouts).as(view)
                    .isEqualTo(new Tally.Walkouts(walkouts.workplaces(), walkouts.workers(), walkouts.students()));

            TallyRules.Crowd crowd = TallyRules.crowd(ofKind(known, Kind.HEADCOUNT), at, mode);
            assertThat(evaluation.crowd).as(view).isEqualTo(new Tally.Crowd(crowd.estimate(), crowd.low(), crowd.high(),
                    crowd.rallies(), crowd.peak(), crowd.peakAt()));

            Optional<Instant> nextChange = java.util.stream.Stream.of(TallyRules.nextChange(known, at),
                            TallyRules.nextCrowdChange(ofKind(known, Kind.HEADCOUNT), at))
                    .flatMap(Optional::stream).min(Comparator.naturalOrder());
            assertThat(Optional.ofNullable(evaluation.nextChange)).as(view + " next change").isEqualTo(nextChange);

            assertThat(evaluation.reports).as(view).isEqualTo(new Tally.Reports(known.size(),
                    known.stream().filter(r -> !r.retracted() && r.verdict() == Verdict.VERIFIED).count(),
                    known.stream().filter(r -> !r.retracted() && r.verdict() == Verdict.DISPUTED).count(),
                    known.stream().filter(Report::retracted).count()));

            Map<String, List<Report>> subjects = TallyRules.bySubject(known);
            List<SubjectFigures> figures = evaluation.subjects();
            assertThat(figures).as(view).extracting(f -> f.subject().subjectId())
                    .containsExactlyInAnyOrderElementsOf(subjects.keySet());
            for (SubjectFigures f : figures) {
                List<Report> ofSubject = subjects.get(f.subject().subjectId());
                Optional<Report> latest = TallyRules.latest(ofSubject, at, mode);
                List<Report> seen = ofSubject.stream().filter(r -> !r.retracted() && !r.observedAt().isAfter(at)).toList();
                assertThat(f.reports()).as(view + " " + f).isEqualTo(seen.size());
                assertThat(f.lastObservedAt()).as(view + " " + f)
                        .isEqualTo(seen.stream().map(Report::observedAt).max(Comparator.naturalOrder()).orElse(null));
                switch (f.subject().kind()) {
                    case CLOSURE -> assertThat(f.status()).as(view + " " + f)
                            .isEqualTo(latest.map(r -> r.status().name()).orElse(null));
                    case WALKOUT -> assertThat(f.participants()).as(view + " " + f)
                            .isEqualTo(latest.map(Report::participants).orElse(null));
                    case HEADCOUNT -> {
                        TallyRules.RallyCrowd rally = TallyRules.rally(ofSubject, at, mode);
                        assertThat(List.of(f.estimate(), f.low(), f.high())).as(view + " " + f)
                                .isEqualTo(List.of(rally.estimate(), rally.low(), rally.high()));
                    }
                }
            }
        }
    }

    @Property(tries = 200)
    void theTimelineAtEveryBucket_isTheTallyAtThatMoment(@ForAll @IntRange(min = 1, max = 40) int reports,
                                                         @ForAll long seed) {
        History history = history(reports, seed);
        DayIndex day = index(history);
        Random random = new Random(seed * 31);
        Instant knownAt = random.nextBoolean() ? history.last() : between(random, BASE.minusSeconds(3600), history.last());
        Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
        List<Instant> ats = new ArrayList<>();
        for (Instant at = history.first(); at.isBefore(history.last()); at = at.plusSeconds(60L * (1 + random.nextInt(20)))) {
            ats.add(at);
        }
        List<Timeline.Point> points = TallyEngine.timeline(day, ats, knownAt, mode);
        List<Report> known = history.knownAt(knownAt);
        for (Timeline.Point point : points) {
            Instant at = point.at();
            Map<ClosureStatus, Long> statuses = TallyRules.bySubject(ofKind(known, Kind.CLOSURE)).values().stream()
                    .map(rs -> TallyRules.latest(rs, at, mode)).flatMap(Optional::stream)
                    .collect(Collectors.groupingBy(Report::status, Collectors.counting()));
            TallyRules.Walkouts walkouts = TallyRules.walkouts(ofKind(known, Kind.WALKOUT), at, mode);
            TallyRules.Crowd crowd = TallyRules.crowd(ofKind(known, Kind.HEADCOUNT), at, mode);
            assertThat(point).as("K=" + knownAt + " " + mode).isEqualTo(new Timeline.Point(at,
                    statuses.getOrDefault(ClosureStatus.CLOSED, 0L), statuses.getOrDefault(ClosureStatus.PARTIAL, 0L),
                    statuses.getOrDefault(ClosureStatus.OPEN, 0L), walkouts.workplaces(), walkouts.workers(),
                    walkouts.students(), crowd.estimate(), crowd.low(), crowd.high()));
        }
    }

    static List<Report> ofKind(List<Report> reports, Kind kind) {
        return reports.stream().filter(r -> r.kind() == kind).toList();
    }
}
