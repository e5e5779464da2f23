package org.standstill.query.tally;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.WalkoutType;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Report;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.standstill.api.report.ClosureStatus.CLOSED;
import static org.standstill.api.report.ClosureStatus.OPEN;
import static org.standstill.api.report.ClosureStatus.PARTIAL;

class TallyRulesTest {

    static final Instant T = Instant.parse("2026-01-23T15:00:00Z");

    static Instant t(int minutes) {
        return T.plusSeconds(60L * minutes);
    }

    static Report closure(long submittedAt, int minutes, ClosureStatus status) {
        return closure(submittedAt, minutes, status, Verdict.UNREVIEWED, false);
    }

    static Report closure(long submittedAt, int minutes, ClosureStatus status, Verdict verdict, boolean retracted) {
        return new Report(UUID.randomUUID(), Kind.CLOSURE, "shop", "r" + submittedAt, submittedAt, t(minutes), status,
                null, 0, 0, verdict, retracted);
    }

    static Report walkout(String workplace, long submittedAt, int minutes, WalkoutType type, int participants) {
        return new Report(UUID.randomUUID(), Kind.WALKOUT, workplace, "r" + submittedAt, submittedAt, t(minutes), null,
                type, participants, 0, Verdict.UNREVIEWED, false);
    }

    static Report headcount(String rally, String reporter, long submittedAt, int minutes, int headcount) {
        return headcount(rally, reporter, submittedAt, minutes, headcount, Verdict.UNREVIEWED);
    }

    static Report headcount(String rally, String reporter, long submittedAt, int minutes, int headcount, Verdict verdict) {
        return new Report(UUID.randomUUID(), Kind.HEADCOUNT, rally, reporter, submittedAt, t(minutes), null, null, 0,
                headcount, verdict, false);
    }

    @Nested
    class BusinessStatus {
        @Test
        void isThatOfTheLatestObservedReport_notTheLatestSubmitted() {
            List<Report> reports = List.of(closure(1, -10, PARTIAL), closure(2, -30, OPEN));
            assertThat(TallyRules.latest(reports, T, Mode.ALL).map(Report::status)).contains(PARTIAL);
        }

        @Test
        void breaksTiesInObservedAt_byTheOrderOfFirstSubmission() {
            List<Report> reports = List.of(closure(7, -5, CLOSED), closure(3, -5, OPEN));
            assertThat(TallyRules.latest(reports, T, Mode.ALL).map(Report::status)).contains(CLOSED);
        }

        @Test
        void ignoresReportsObservedAfterT_andCountsOneObservedExactlyAtT() {
            List<Report> reports = List.of(closure(1, -20, OPEN), closure(2, 0, CLOSED), closure(3, 1, PARTIAL));
            assertThat(TallyRules.latest(reports, T, Mode.ALL).map(Report::status)).contains(CLOSED);
        }

        @Test
        void isEmpty_whenNoReportIsObservedYet() {
            assertThat(TallyRules.latest(List.of(closure(1, 5, CLOSED)), T, Mode.ALL)).isEmpty();
        }

        @Test
        void skipsRetractedAndDisputedReports_inAllMode() {
            List<Report> reports = List.of(
                    closure(1, -30, OPEN),
                    closure(2, -20, CLOSED, Verdict.DISPUTED, false),
                    closure(3, -10, PARTIAL, Verdict.VERIFIED, true));
            assertThat(TallyRules.latest(reports, T, Mode.ALL).map(Report::status)).contains(OPEN);
        }

        @Test
        void countsOnlyVerifiedReports_inVerifiedMode() {
            List<Report> reports = List.of(
                    closure(1, -30, PARTIAL, Verdict.VERIFIED, false),
                    closure(2, -10, CLOSED));
            assertThat(TallyRules.latest(reports, T, Mode.VERIFIED).map(Report::status)).contains(PARTIAL);
            assertThat(TallyRules.latest(reports, T, Mode.ALL).map(Report::status)).contains(CLOSED);
        }
    }

    @Nested
    class NextChange {
        @Test
        void isTheEarliestObservedAtAheadOfT() {
            List<Report> reports = List.of(closure(1, -5, OPEN), closure(2, 4, CLOSED), closure(3, 2, PARTIAL));
            assertThat(TallyRules.nextChange(reports, T)).contains(t(2));
        }

        @Test
        void isEmpty_whenEveryReportIsAlreadyObserved_orRetracted() {
            List<Report> reports = List.of(closure(1, -5, OPEN), closure(2, 4, CLOSED, Verdict.UNREVIEWED, true));
            assertThat(TallyRules.nextChange(reports, T)).isEmpty();
        }

        @Test
        void ofTheCrowd_includesTheMomentAHeadcountLeavesItsWindow() {
            List<Report> reports = List.of(headcount("rally", "a", 1, -50, 100));
            assertThat(TallyRules.nextCrowdChange(reports, T)).contains(t(10));
        }
    }

    @Nested
    class Walkouts {
        @Test
        void sumWorkersAndStudents_fromEachWorkplacesLatestReport() {
            List<Report> reports = List.of(
                    walkout("clinic", 1, -30, WalkoutType.SICKOUT, 40),
                    walkout("clinic", 2, -10, WalkoutType.WALKOUT, 60),
                    walkout("warehouse", 3, -20, WalkoutType.WALKOUT, 200),
                    walkout("high-school", 4, -20, WalkoutType.STUDENT_WALKOUT, 300));
            assertThat(TallyRules.walkouts(reports, T, Mode.ALL)).isEqualTo(new TallyRules.Walkouts(3, 260, 300));
        }

        @Test
        void countAWorkplaceBackAtWork_asNoWorkplaceAndNoWorkers() {
            List<Report> reports = List.of(
                    walkout("warehouse", 1, -30, WalkoutType.WALKOUT, 200),
                    walkout("warehouse", 2, -5, WalkoutType.WALKOUT, 0));
            assertThat(TallyRules.walkouts(reports, T, Mode.ALL)).isEqualTo(new TallyRules.Walkouts(0, 0, 0));
        }
    }

    @Nested
    class Crowd {
        @Test
        void estimate_isTheLowerMedianOfEachReportersLatestHeadcountInTheWindow() {
            List<Report> reports = List.of(
                    headcount("target-center", "a", 1, -50, 50_000),
                    headcount("target-center", "a", 2, -10, 70_000), // a's latest
                    headcount("target-center", "b", 3, -20, 100_000),
                    headcount("target-center", "c", 4, -30, 75_000),
                    headcount("target-center", "d", 5, -40, 60_000));
            TallyRules.Crowd crowd = TallyRules.crowd(reports, T, Mode.ALL);
            // sorted 60k, 70k, 75k, 100k: the element at index (4 - 1) / 2 = 1
            assertThat(crowd.estimate()).isEqualTo(70_000);
            assertThat(crowd.low()).isEqualTo(60_000);
            assertThat(crowd.high()).isEqualTo(100_000);
            assertThat(crowd.rallies()).isEqualTo(1);
        }

        @Test
        void window_excludesAHeadcountObservedExactly60MinutesBefore_andIncludesOneAtT() {
            List<Report> reports = List.of(
                    headcount("rally", "a", 1, -60, 1_000),
                    headcount("rally", "b", 2, 0, 500));
            TallyRules.Crowd crowd = TallyRules.crowd(reports, T, Mode.ALL);
            assertThat(crowd.estimate()).isEqualTo(500);
            assertThat(crowd.low()).isEqualTo(500);
        }

        @Test
        void estimate_risesWhenALowEstimateDropsOutOfTheWindow() {
            List<Report> reports = List.of(
                    headcount("rally", "low", 1, -59, 1_000),
                    headcount("rally", "high", 2, -30, 9_000));
            assertThat(TallyRules.crowd(reports, T, Mode.ALL).estimate()).isEqualTo(1_000);
            TallyRules.Crowd later = TallyRules.crowd(reports, t(1), Mode.ALL);
            assertThat(later.estimate()).isEqualTo(9_000);
            assertThat(later.peak()).isEqualTo(9_000);
            assertThat(later.peakAt()).isEqualTo(t(1));
        }

        @Test
        void sumsRallies_andCountsOnlyRalliesWithHeadcountsInTheWindow() {
            List<Report> reports = List.of(
                    headcount("minneapolis", "a", 1, -10, 50_000),
                    headcount("st-paul", "b", 2, -20, 5_000),
                    headcount("airport", "c", 3, -90, 300));
            TallyRules.Crowd crowd = TallyRules.crowd(reports, T, Mode.ALL);
            assertThat(crowd.estimate()).isEqualTo(55_000);
            assertThat(crowd.rallies()).isEqualTo(2);
        }

        @Test
        void peak_isTheHighestEstimateAtOrBeforeT_reachedEarliest() {
            List<Report> reports = List.of(
                    headcount("rally", "a", 1, -200, 10_000),
                    headcount("rally", "a", 2, -120, 30_000),
                    headcount("rally", "b", 3, -100, 30_000),
                    headcount("rally", "a", 4, -30, 20_000));
            TallyRules.Crowd crowd = TallyRules.crowd(reports, T, Mode.ALL);
            // at -120: a=30k → 30k (peak reached first); at -100: a=30k, b=30k → lower median 30k
            assertThat(crowd.peak()).isEqualTo(30_000);
            assertThat(crowd.peakAt()).isEqualTo(t(-120));
            assertThat(crowd.estimate()).isEqualTo(20_000);
        }

        @Test
        void peak_isZeroWithNoMoment_whenNothingCounts() {
            TallyRules.Crowd crowd = TallyRules.crowd(List.of(headcount("rally", "a", 1, 10, 500)), T, Mode.ALL);
            assertThat(crowd.peak()).isZero();
            assertThat(crowd.peakAt()).isNull();
            assertThat(crowd.estimate()).isZero();
        }

        @Test
        void verifiedMode_countsOnlyVerifiedHeadcounts_andAllMode_skipsDisputedOnes() {
            List<Report> reports = List.of(
                    headcount("rally", "a", 1, -10, 80_000, Verdict.DISPUTED),
                    headcount("rally", "b", 2, -10, 40_000, Verdict.VERIFIED),
                    headcount("rally", "c", 3, -10, 60_000));
            assertThat(TallyRules.crowd(reports, T, Mode.ALL).estimate()).isEqualTo(40_000);
            assertThat(TallyRules.crowd(reports, T, Mode.ALL).high()).isEqualTo(60_000);
            assertThat(TallyRules.crowd(reports, T, Mode.VERIFIED).estimate()).isEqualTo(40_000);
            assertThat(TallyRules.crowd(reports, T, Mode.VERIFIED).high()).isEqualTo(40_000);
        }
    }
}
