package org.standstill.query.tally;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.report.ClosureStatus;
import org.standstill.query.tally.TallyRules.Closure;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.standstill.api.report.ClosureStatus.CLOSED;
import static org.standstill.api.report.ClosureStatus.OPEN;
import static org.standstill.api.report.ClosureStatus.PARTIAL;

class TallyRulesTest {

    static final Instant T = Instant.parse("2026-01-23T15:00:00Z");

    static Closure closure(long submittedAt, int minutes, ClosureStatus status) {
        return new Closure(submittedAt, T.plusSeconds(60L * minutes), status, Verdict.UNREVIEWED, false);
    }

    static Closure closure(long submittedAt, int minutes, ClosureStatus status, Verdict verdict, boolean retracted) {
        return new Closure(submittedAt, T.plusSeconds(60L * minutes), status, verdict, retracted);
    }

    @Nested
    class BusinessStatus {
        @Test
        void isThatOfTheLatestObservedReport_notTheLatestSubmitted() {
            List<Closure> reports = List.of(closure(1, -10, PARTIAL), closure(2, -30, OPEN));
            assertThat(TallyRules.businessStatus(reports, T, Mode.ALL)).contains(PARTIAL);
        }

        @Test
        void breaksTiesInObservedAt_byTheOrderOfFirstSubmission() {
            List<Closure> reports = List.of(closure(7, -5, CLOSED), closure(3, -5, OPEN));
            assertThat(TallyRules.businessStatus(reports, T, Mode.ALL)).contains(CLOSED);
        }

        @Test
        void ignoresReportsObservedAfterT_andCountsOneObservedExactlyAtT() {
            List<Closure> reports = List.of(closure(1, -20, OPEN), closure(2, 0, CLOSED), closure(3, 1, PARTIAL));
            assertThat(TallyRules.businessStatus(reports, T, Mode.ALL)).contains(CLOSED);
        }

        @Test
        void isEmpty_whenNoReportIsObservedYet() {
            assertThat(TallyRules.businessStatus(List.of(closure(1, 5, CLOSED)), T, Mode.ALL)).isEmpty();
        }

        @Test
        void skipsRetractedAndDisputedReports_inAllMode() {
            List<Closure> reports = List.of(
                    closure(1, -30, OPEN),
                    closure(2, -20, CLOSED, Verdict.DISPUTED, false),
                    closure(3, -10, PARTIAL, Verdict.VERIFIED, true));
            assertThat(TallyRules.businessStatus(reports, T, Mode.ALL)).contains(OPEN);
        }

        @Test
        void countsOnlyVerifiedReports_inVerifiedMode() {
            List<Closure> reports = List.of(
                    closure(1, -30, PARTIAL, Verdict.VERIFIED, false),
                    closure(2, -10, CLOSED));
            assertThat(TallyRules.businessStatus(reports, T, Mode.VERIFIED)).contains(PARTIAL);
            assertThat(TallyRules.businessStatus(reports, T, Mode.ALL)).contains(CLOSED);
        }
    }

    @Nested
    class NextChange {
        @Test
        void isTheEarliestObservedAtAheadOfT() {
            List<Closure> reports = List.of(closure(1, -5, OPEN), closure(2, 4, CLOSED), closure(3, 2, PARTIAL));
            assertThat(TallyRules.nextChange(reports, T)).contains(T.plusSeconds(120));
        }

        @Test
        void isEmpty_whenEveryReportIsAlreadyObserved_orRetracted() {
            List<Closure> reports = List.of(closure(1, -5, OPEN), closure(2, 4, CLOSED, Verdict.UNREVIEWED, true));
            assertThat(TallyRules.nextChange(reports, T)).isEmpty();
        }
    }
}
