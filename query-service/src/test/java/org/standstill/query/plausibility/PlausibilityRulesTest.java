package org.standstill.query.plausibility;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.query.plausibility.PlausibilityRules.Headcount;
import org.standstill.query.plausibility.PlausibilityRules.Judged;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyRules;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plausibility flags (DOMAIN.md, "Plausibility"): hand-computed examples, and properties over random rallies —
 * reporters correcting, retracted and disputed reports, headcounts entering and leaving the 60-minute window, in
 * both modes — against the tally's own crowd rule and a literal reading of the definition.
 */
class PlausibilityRulesTest {

    static final Instant T = Instant.parse("2026-01-23T20:00:00Z");

    private static long order;

    static Headcount seen(String reporter, int headcount, Duration ago) {
        return seen(reporter, headcount, ago, Verdict.UNREVIEWED);
    }

    static Headcount seen(String reporter, int headcount, Duration ago, Verdict verdict) {
        return new Headcount(UUID.randomUUID(), reporter, ++order, T.minus(ago), headcount, "DENSITY_ESTIMATE", verdict,
                false);
    }

    @Nested
    class OneAbsurdHeadcount {

        @Test
        void isAnOutlier_againstTwoOtherReporters() {
            Headcount absurd = seen("r3", 5_000_000, Duration.ofMinutes(1));
            RallyCheck check = PlausibilityRules.check(List.of(seen("r1", 5_000, Duration.ofMinutes(10)),
                    seen("r2", 6_000, Duration.ofMinutes(5)), absurd), T, Mode.ALL);

            assertThat(check.outliers()).containsExactly(absurd.reportId());
            assertThat(check.of(absurd.reportId()).orElseThrow().othersMedian()).isEqualTo(5_000L);
            assertThat(check.unconfirmed()).isFalse();
            assertThat(check.reporters()).isEqualTo(3);
        }

        @Test
        void isNoOutlier_againstOneOtherReporterOnly() {
            RallyCheck check = PlausibilityRules.check(List.of(seen("r1", 5_000, Duration.ofMinutes(10)),
                    seen("r2", 5_000_000, Duration.ofMinutes(1))), T, Mode.ALL);

            assertThat(check.outliers()).isEmpty();
        }

        @Test
        void makesTheEstimateUnconfirmed_whileItIsTheOnlyOneAndHasNoVerdict() {
            Headcount alone = seen("r1", 5_000_000, Duration.ofMinutes(1));
            assertThat(PlausibilityRules.check(List.of(alone), T, Mode.ALL).flags()).containsExactly("unconfirmed");

            Headcount verified = new Headcount(alone.reportId(), "r1", alone.submittedAt(), alone.observedAt(),
                    5_000_000, "DENSITY_ESTIMATE", Verdict.VERIFIED, false);
            assertThat(PlausibilityRules.check(List.of(verified), T, Mode.ALL).flags()).isEmpty();
        }

        @Test
        void isNotFlagged_onceDisputed_orOutOfTheWindow() {
            Headcount disputed = seen("r3", 5_000_000, Duration.ofMinutes(1), Verdict.DISPUTED);
            Headcount old = seen("r4", 5_000_000, Duration.ofMinutes(61));
            RallyCheck check = PlausibilityRules.check(List.of(seen("r1", 5_000, Duration.ofMinutes(10)),
                    seen("r2", 6_000, Duration.ofMinutes(5)), disputed, old), T, Mode.ALL);

            assertThat(check.outliers()).isEmpty();
            assertThat(check.of(disputed.reportId())).isEmpty();
            assertThat(check.of(old.reportId())).isEmpty();
        }
    }

    @Nested
    class TheBoundaries {

        @Test
        void exactlyThreeTimes_orExactlyAThird_isNoOutlier() {
            RallyCheck check = PlausibilityRules.check(List.of(seen("a", 1_000, Duration.ofMinutes(3)),
                    seen("b", 1_000, Duration.ofMinutes(2)), seen("c", 3_000, Duration.ofMinutes(1))), T, Mode.ALL);
            assertThat(check.outliers()).isEmpty();

            RallyCheck third = PlausibilityRules.check(List.of(seen("a", 3_000, Duration.ofMinutes(3)),
                    seen("b", 3_000, Duration.ofMinutes(2)), seen("c", 1_000, Duration.ofMinutes(1))), T, Mode.ALL);
            assertThat(third.outliers()).isEmpty();
        }

        @Test
        void aReportersEarlierHeadcount_isNotOneOfTheOthers() {
            // r1 said 100, then corrected themselves with a new report of 5,000: only 5,000 is theirs at T.
            Headcount low = seen("r1", 5_000, Duration.ofMinutes(2));
            RallyCheck check = PlausibilityRules.check(List.of(seen("r1", 100, Duration.ofMinutes(20)), low,
                    seen("r2", 6_000, Duration.ofMinutes(5)), seen("r3", 5_500, Duration.ofMinutes(4))), T, Mode.ALL);

            assertThat(check.reporters()).isEqualTo(3);
            assertThat(check.outliers()).isEmpty();
        }
    }

    // --- properties over random rallies ----------------------------------------------------------------------------

    /** A random rally's headcount reports: a few reporters, some reporting more than once, some far off the rest. */
    static List<Headcount> rally(long seed) {
        Random random = new Random(seed);
        int reporters = 1 + random.nextInt(7);
        int reports = 1 + random.nextInt(14);
        int typical = 100 + random.nextInt(50_000);
        List<Headcount> all = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            int headcount = switch (random.nextInt(6)) {
                case 0 -> 1 + random.nextInt(typical / 3 + 1);
                case 1 -> typical * (3 + random.nextInt(300));
                default -> Math.max(1, typical + random.nextInt(typical) - typical / 2);
            };
            Verdict verdict = Verdict.values()[random.nextInt(5) < 3 ? 0 : random.nextInt(3)];
            Instant observed = T.minusSeconds(random.nextInt(100 * 60) - 10 * 60L); // some ahead of T, some too old
            if (random.nextInt(8) == 0) {
                observed = T.minus(TallyRules.CROWD_WINDOW); // exactly at the window's open end: not counted
            }
            all.add(new Headcount(UUID.randomUUID(), "r" + random.nextInt(reporters), i + 1L, observed,
                    random.nextInt(10) == 0 ? typical : headcount, "COUNTED", verdict, random.nextInt(7) == 0));
        }
        return all;
    }

    @Property(tries = 500)
    void theCountedHeadcounts_areExactlyThoseTheCrowdEstimateIsTheLowerMedianOf(@ForAll long seed,
                                                                                  @ForAll boolean verifiedOnly) {
        Mode mode = verifiedOnly ? Mode.VERIFIED : Mode.ALL;
        List<Headcount> reports = rally(seed);
        List<Headcount> counted = PlausibilityRules.counted(reports, T, mode);
        TallyRules.RallyCrowd crowd = TallyRules.rally(reports.stream().map(h -> new TallyRules.Report(h.reportId(),
                Kind.HEADCOUNT, "rally", h.reporterId(), h.submittedAt(), h.observedAt(), null, null, 0, h.headcount(),
                h.verdict(), h.retracted())).toList(), T, mode);

        assertThat(counted).hasSize(crowd.reporters());
        if (!counted.isEmpty()) {
            long[] sorted = counted.stream().mapToLong(Headcount::headcount).sorted().toArray();
            assertThat(sorted[(sorted.length - 1) / 2]).isEqualTo(crowd.estimate());
            assertThat(sorted[0]).isEqualTo(crowd.low());
            assertThat(sorted[sorted.length - 1]).isEqualTo(crowd.high());
        }
        assertThat(counted.stream().map(Headcount::reporterId).distinct()).hasSize(counted.size());
    }

    @Property(tries = 500)
    void aHeadcountIsAnOutlier_exactlyWhenTheDefinitionReadLiterallySaysSo(@ForAll long seed, @ForAll boolean verifiedOnly) {
        Mode mode = verifiedOnly ? Mode.VERIFIED : Mode.ALL;
        List<Headcount> reports = rally(seed);
        RallyCheck check = PlausibilityRules.check(reports, T, mode);
        List<Headcount> counted = PlausibilityRules.counted(reports, T, mode);

        for (Headcount report : counted) {
            List<Long> others = counted.stream().filter(o -> !o.reporterId().equals(report.reporterId()))
                    .map(o -> (long) o.headcount()).sorted().toList();
            boolean expected = others.size() >= 2 && (report.headcount() > 3.0 * others.get((others.size() - 1) / 2)
                    || report.headcount() < others.get((others.size() - 1) / 2) / 3.0);
            Judged judged = check.of(report.reportId()).orElseThrow();
            assertThat(judged.outlier()).as("%s among %s", report.headcount(), others).isEqualTo(expected);
            assertThat(judged.othersMedian()).isEqualTo(others.size() >= 2 ? others.get((others.size() - 1) / 2) : null);
        }
        assertThat(check.counted()).hasSize(counted.size());
    }

    @Property(tries = 300)
    void aReportTheCrowdDoesNotCount_isNeverFlagged(@ForAll long seed) {
        List<Headcount> reports = rally(seed);
        RallyCheck check = PlausibilityRules.check(reports, T, Mode.ALL);
        for (Headcount report : reports) {
            boolean countable = report.counts(Mode.ALL) && report.observedAt().isAfter(T.minus(TallyRules.CROWD_WINDOW))
                    && !report.observedAt().isAfter(T);
            if (!countable) {
                assertThat(check.of(report.reportId())).isEmpty();
                assertThat(check.outliers()).doesNotContain(report.reportId());
            }
        }
    }

    @Property(tries = 300)
    void anEstimateIsUnconfirmed_exactlyWhenOneReporterWithoutAVerdictCarriesIt(@ForAll long seed,
                                                                               @ForAll boolean verifiedOnly) {
        Mode mode = verifiedOnly ? Mode.VERIFIED : Mode.ALL;
        List<Headcount> reports = rally(seed);
        List<Headcount> counted = PlausibilityRules.counted(reports, T, mode);
        RallyCheck check = PlausibilityRules.check(reports, T, mode);

        assertThat(check.unconfirmed())
                .isEqualTo(counted.size() == 1 && counted.get(0).verdict() == Verdict.UNREVIEWED);
        assertThat(check.methods().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(counted.size());
    }

    @Property(tries = 300)
    void headcountsWithinAFactorOfThreeOfEachOther_areNeverOutliers(@ForAll @IntRange(min = 1, max = 3_000_000) int low,
                                                                   @ForAll long seed) {
        Random random = new Random(seed);
        List<Headcount> reports = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(8); i++) {
            int headcount = low + random.nextInt(2 * low + 1); // from low to 3 × low
            reports.add(new Headcount(UUID.randomUUID(), "r" + i, i + 1L, T.minusSeconds(random.nextInt(3000)), headcount,
                    "MEDIA", Verdict.UNREVIEWED, false));
        }
        assertThat(PlausibilityRules.check(reports, T, Mode.ALL).outliers()).isEmpty();
    }
}
