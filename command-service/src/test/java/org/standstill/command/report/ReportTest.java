package org.standstill.command.report;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.report.Business;
import org.standstill.api.report.ClosureCorrected;
import org.standstill.api.report.ClosureReason;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.CorrectReport;
import org.standstill.api.report.EraseNote;
import org.standstill.api.report.NoteErased;
import org.standstill.api.report.GiveVerdict;
import org.standstill.api.report.HeadcountCorrected;
import org.standstill.api.report.HeadcountMethod;
import org.standstill.api.report.HeadcountReported;
import org.standstill.api.report.Location;
import org.standstill.api.report.Rally;
import org.standstill.api.report.ReportRetracted;
import org.standstill.api.report.RetractReport;
import org.standstill.api.report.Sector;
import org.standstill.api.report.SubmitClosure;
import org.standstill.api.report.SubmitHeadcount;
import org.standstill.api.report.SubmitWalkout;
import org.standstill.api.report.Verdict;
import org.standstill.api.report.VerdictGiven;
import org.standstill.api.report.WalkoutCorrected;
import org.standstill.api.report.WalkoutReported;
import org.standstill.api.report.WalkoutType;
import org.standstill.api.report.Workplace;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.Forbidden;
import org.standstill.command.config.InvalidInput;
import org.standstill.command.config.NotFound;
import org.standstill.command.day.DayGate;
import org.standstill.platform.NoteKeys;
import org.standstill.platform.NoteSeal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    static final UUID REPORT = UUID.fromString("5f0c0000-0000-4000-8000-000000000001");
    static final UUID CORRECTION = UUID.fromString("c0000000-0000-4000-8000-000000000001");
    static final String DAY = "mpls-2026-01-23";
    static final String REPORTER = "r-amberfox";
    static final Business MARKET = new Business(null, "Hmongtown Marketplace", null,
            new Location(44.9766, -93.1077), Sector.RETAIL);
    static final String SUBJECT = SubjectIds.business(DAY, MARKET.name(), MARKET.location());
    static final Instant SEEN = Instant.parse("2026-01-23T15:10:00Z");
    static final Instant LATER = Instant.parse("2026-01-23T15:40:00Z");
    static final ClosureReported CLOSED = reported(REPORTER, ClosureStatus.CLOSED);

    /** The key of every report in these tests, and the nonce the handlers seal with: sealed notes are predictable. */
    static final byte[] KEY = new byte[NoteSeal.KEY_BYTES];
    static final byte[] NONCE = new byte[NoteSeal.NONCE_BYTES];
    /** Another nonce: a note sealed with it reads differently from the same note sealed by the handlers. */
    static final byte[] OTHER_NONCE = new byte[NoteSeal.NONCE_BYTES];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(OTHER_NONCE, (byte) 1);
    }

    FixtureConfiguration<Report> fixture;
    MemoryKeys keys;
    /** The days the fixture's {@link DayGate} says are CLOSED. */
    final Set<String> closedDays = new HashSet<>();

    @BeforeEach
    void setUp() {
        keys = new MemoryKeys();
        fixture = new AggregateTestFixture<>(Report.class);
        fixture.registerInjectableResource((DayGate) dayId -> {
            if (closedDays.contains(dayId)) {
                throw new Conflict(Conflict.DAY_CLOSED, "Day " + dayId + " is CLOSED");
            }
        });
        fixture.registerInjectableResource(new ReportNotes(keys, NONCE::clone));
    }

    /** Keys in memory: every report's key is {@link #KEY} until it is deleted. */
    static final class MemoryKeys implements NoteKeys {
        final Map<UUID, byte[]> keys = new HashMap<>();

        @Override
        public byte[] getOrCreate(UUID reportId) {
            return keys.computeIfAbsent(reportId, id -> KEY.clone());
        }

        @Override
        public Map<UUID, byte[]> find(Collection<UUID> reportIds) {
            Map<UUID, byte[]> found = new HashMap<>();
            reportIds.stream().filter(keys::containsKey).forEach(id -> found.put(id, keys.get(id)));
            return found;
        }

        @Override
        public void delete(UUID reportId) {
            keys.remove(reportId);
        }

        /** The report has its key already (its note was sealed before the test). */
        MemoryKeys made() {
            getOrCreate(REPORT);
            return this;
        }
    }

    /** The note as the handlers seal it. */
    static String sealed(String note) {
        return NoteSeal.seal(KEY, REPORT, note, NONCE);
    }

    /** The note as it was sealed by an earlier command (another nonce). */
    static String sealedBefore(String note) {
        return NoteSeal.seal(KEY, REPORT, note, OTHER_NONCE);
    }

    static SubmitClosure closure(String reporter, ClosureStatus status, String note) {
        return new SubmitClosure(REPORT, DAY, reporter, SUBJECT, SEEN, MARKET, status, ClosureReason.WORKER_ACTION, note);
    }

    static ClosureReported reported(ClosureStatus status, String sealedNote) {
        return new ClosureReported(REPORT, DAY, REPORTER, SUBJECT, SEEN, MARKET, status, ClosureReason.WORKER_ACTION,
                null, sealedNote);
    }

    static CorrectReport correctNote(String note) {
        return new CorrectReport(REPORT, DAY, null, REPORTER, false, null, note, null, null, null, null, null, null,
                null);
    }

    static SubmitClosure closure(String reporter, ClosureStatus status) {
        return new SubmitClosure(REPORT, DAY, reporter, SUBJECT, SEEN, MARKET, status, ClosureReason.WORKER_ACTION, null);
    }

    static ClosureReported reported(String reporter, ClosureStatus status) {
        return new ClosureReported(REPORT, DAY, reporter, SUBJECT, SEEN, MARKET, status, ClosureReason.WORKER_ACTION, null);
    }

    static CorrectReport correctClosure(String by, boolean coordinator, Instant observedAt, ClosureStatus status) {
        return new CorrectReport(REPORT, DAY, null, by, coordinator, observedAt, null, status, null,
                null, null, null, null, null);
    }

    @Nested
    class Submitting {
        @Test
        void submit_recordsTheClosure_andAnswersStored() {
            fixture.givenNoPriorActivity()
                    .when(closure(REPORTER, ClosureStatus.CLOSED))
                    .expectEvents(CLOSED)
                    .expectResultMessagePayload(new Report.Outcome(0, true));
        }

        @Test
        void submit_recordsAWalkout() {
            Workplace clinic = new Workplace(null, "Clinic", "Allina", new Location(44.95, -93.26), Sector.HEALTHCARE);
            fixture.givenNoPriorActivity()
                    .when(new SubmitWalkout(REPORT, DAY, REPORTER, "w", SEEN, clinic, WalkoutType.SICKOUT, 40, 120, null))
                    .expectEvents(new WalkoutReported(REPORT, DAY, REPORTER, "w", SEEN, clinic, WalkoutType.SICKOUT, 40, 120, null));
        }

        @Test
        void submit_recordsAHeadcount() {
            Rally rally = new Rally(null, "Target Center rally", new Location(44.9795, -93.2761));
            fixture.givenNoPriorActivity()
                    .when(new SubmitHeadcount(REPORT, DAY, REPORTER, "r", SEEN, rally, 50_000, HeadcountMethod.DENSITY_ESTIMATE, null))
                    .expectEvents(new HeadcountReported(REPORT, DAY, REPORTER, "r", SEEN, rally, 50_000, HeadcountMethod.DENSITY_ESTIMATE, null));
        }

        @Test
        void submit_changesNothing_whenRetriedWithTheSameContent() {
            fixture.given(CLOSED)
                    .when(closure(REPORTER, ClosureStatus.CLOSED))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(0, false));
        }

        @Test
        void submit_isRefused_whenTheDayIsClosed() {
            closedDays.add(DAY);
            fixture.givenNoPriorActivity()
                    .when(closure(REPORTER, ClosureStatus.CLOSED))
                    .expectException(Conflict.class)
                    .expectExceptionMessage("Day " + DAY + " is CLOSED")
                    .expectNoEvents();
        }

        @Test
        void submit_retriedAfterTheDayClosed_isAnsweredAsARepeat() {
            closedDays.add(DAY);
            fixture.given(CLOSED)
                    .when(closure(REPORTER, ClosureStatus.CLOSED))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(0, false));
        }

        @Test
        void submit_withOtherContentAfterTheDayClosed_isRefused() {
            closedDays.add(DAY);
            fixture.given(CLOSED)
                    .when(closure(REPORTER, ClosureStatus.OPEN))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void submit_fails_whenTheReportIdWasUsedForOtherFigures() {
            fixture.given(CLOSED)
                    .when(closure(REPORTER, ClosureStatus.OPEN))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void submit_fails_whenAnotherReporterReusesTheReportId() {
            fixture.given(CLOSED)
                    .when(closure("r-greyowl", ClosureStatus.CLOSED))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Correcting {
        @Test
        void correction_byTheReporter_recordsTheNewFiguresAndObservedAt() {
            fixture.given(CLOSED)
                    .when(correctClosure(REPORTER, false, LATER, ClosureStatus.PARTIAL))
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, REPORTER, LATER, ClosureStatus.PARTIAL,
                            ClosureReason.WORKER_ACTION, null))
                    .expectResultMessagePayload(new Report.Outcome(1, true));
        }

        @Test
        void correction_keepsObservedAtAndNote_whenTheyAreLeftOut() {
            keys.made();
            fixture.given(new ClosureReported(REPORT, DAY, REPORTER, SUBJECT, SEEN, MARKET, ClosureStatus.CLOSED, null,
                            null, sealedBefore("shutters down")))
                    .when(correctClosure(REPORTER, false, null, ClosureStatus.OPEN))
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, REPORTER, SEEN, ClosureStatus.OPEN, null,
                            null, sealedBefore("shutters down")));
        }

        @Test
        void correction_sealsTheNoteItKeeps_whenTheLogHasItInPlaintext() {
            fixture.given(new ClosureReported(REPORT, DAY, REPORTER, SUBJECT, SEEN, MARKET, ClosureStatus.CLOSED, null,
                            "shutters down"))
                    .when(correctClosure(REPORTER, false, null, ClosureStatus.OPEN))
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, REPORTER, SEEN, ClosureStatus.OPEN, null,
                            null, sealed("shutters down")));
        }

        @Test
        void correction_byACoordinator_isAllowedOnAnyReport() {
            fixture.given(CLOSED)
                    .when(correctClosure("coordinator-1", true, null, ClosureStatus.OPEN))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, "coordinator-1", SEEN, ClosureStatus.OPEN,
                            ClosureReason.WORKER_ACTION, null));
        }

        @Test
        void correction_fails_whenAnotherReporterTriesIt() {
            fixture.given(CLOSED)
                    .when(correctClosure("r-greyowl", false, null, ClosureStatus.OPEN))
                    .expectException(Forbidden.class)
                    .expectNoEvents();
        }

        @Test
        void correction_thatChangesSomething_isRefused_whenTheDayIsClosed() {
            closedDays.add(DAY);
            fixture.given(CLOSED)
                    .when(correctClosure(REPORTER, false, LATER, ClosureStatus.PARTIAL))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void correction_retriedByItsIdAfterTheDayClosed_isAnsweredAsARepeat() {
            closedDays.add(DAY);
            fixture.given(CLOSED, new ClosureCorrected(REPORT, DAY, CORRECTION, REPORTER, LATER, ClosureStatus.PARTIAL,
                            ClosureReason.WORKER_ACTION, null))
                    .when(new CorrectReport(REPORT, DAY, CORRECTION, REPORTER, false, LATER, null, ClosureStatus.PARTIAL,
                            null, null, null, null, null, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(1, false));
        }

        @Test
        void correction_fails_whenTheReportIsRetracted() {
            fixture.given(CLOSED, new ReportRetracted(REPORT, DAY, REPORTER))
                    .when(correctClosure(REPORTER, false, null, ClosureStatus.OPEN))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void correction_fails_whenItCarriesFiguresOfAnotherKind() {
            fixture.given(CLOSED)
                    .when(new CorrectReport(REPORT, DAY, null, REPORTER, false, null, null, ClosureStatus.OPEN, null,
                            null, 12, null, null, null))
                    .expectException(InvalidInput.class)
                    .expectNoEvents();
        }

        @Test
        void correction_ofObservedAtAlone_keepsTheStatusAndTheReason() {
            fixture.given(CLOSED)
                    .when(correctClosure(REPORTER, false, LATER, null))
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, REPORTER, LATER, ClosureStatus.CLOSED,
                            ClosureReason.WORKER_ACTION, null));
        }

        @Test
        void correction_ofTheHeadcountAlone_keepsTheMethod() {
            fixture.given(new HeadcountReported(REPORT, DAY, REPORTER, "r", SEEN, null, 50_000,
                            HeadcountMethod.DENSITY_ESTIMATE, "one zero too many"))
                    .when(new CorrectReport(REPORT, DAY, null, REPORTER, false, null, null, null, null,
                            null, null, null, 5_000, null))
                    .expectEvents(new HeadcountCorrected(REPORT, DAY, null, REPORTER, SEEN, 5_000,
                            HeadcountMethod.DENSITY_ESTIMATE, null, sealed("one zero too many")))
                    .expectResultMessagePayload(new Report.Outcome(1, true));
        }

        @Test
        void correction_ofTheParticipantsAlone_keepsTheTypeAndTheWorkforce() {
            fixture.given(new WalkoutReported(REPORT, DAY, REPORTER, "w", SEEN, null, WalkoutType.SICKOUT, 40, 120, null))
                    .when(new CorrectReport(REPORT, DAY, null, REPORTER, false, null, null, null, null,
                            null, 7, null, null, null))
                    .expectEvents(new WalkoutCorrected(REPORT, DAY, null, REPORTER, SEEN, WalkoutType.SICKOUT, 7, 120,
                            null));
        }

        @Test
        void correction_ofAWalkout_fails_whenTheWorkforceIsSmallerThanTheParticipants() {
            fixture.given(new WalkoutReported(REPORT, DAY, REPORTER, "w", SEEN, null, WalkoutType.WALKOUT, 10, null, null))
                    .when(new CorrectReport(REPORT, DAY, null, REPORTER, false, null, null, null, null,
                            WalkoutType.WALKOUT, 50, 20, null, null))
                    .expectException(InvalidInput.class);
        }

        @Test
        void correction_ofTheParticipantsAlone_fails_whenTheyWouldExceedTheWorkforceKept() {
            fixture.given(new WalkoutReported(REPORT, DAY, REPORTER, "w", SEEN, null, WalkoutType.WALKOUT, 10, 100, null))
                    .when(new CorrectReport(REPORT, DAY, null, REPORTER, false, null, null, null, null,
                            null, 150, null, null, null))
                    .expectException(InvalidInput.class)
                    .expectNoEvents();
        }

        @Test
        void correction_thatCarriesNothing_changesNothing() {
            fixture.given(CLOSED)
                    .when(correctClosure(REPORTER, false, null, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(0, false));
        }

        @Test
        void correction_ofAHeadcount_recordsTheNewHeadcount() {
            fixture.given(new HeadcountReported(REPORT, DAY, REPORTER, "r", SEEN, null, 500, HeadcountMethod.COUNTED, null))
                    .when(new CorrectReport(REPORT, DAY, CORRECTION, REPORTER, false, LATER, "recounted", null, null,
                            null, null, null, 800, HeadcountMethod.COUNTED))
                    .expectEvents(new HeadcountCorrected(REPORT, DAY, CORRECTION, REPORTER, LATER, 800, HeadcountMethod.COUNTED,
                            null, sealed("recounted")));
        }

        @Test
        void correction_changesNothing_whenRetriedWithItsCorrectionId() {
            fixture.given(new WalkoutReported(REPORT, DAY, REPORTER, "w", SEEN, null, WalkoutType.WALKOUT, 10, null, null),
                            new WalkoutCorrected(REPORT, DAY, CORRECTION, REPORTER, SEEN, WalkoutType.WALKOUT, 0, null, null),
                            new WalkoutCorrected(REPORT, DAY, null, REPORTER, SEEN, WalkoutType.WALKOUT, 30, null, null))
                    .when(new CorrectReport(REPORT, DAY, CORRECTION, REPORTER, false, null, null, null, null,
                            WalkoutType.WALKOUT, 0, null, null, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(2, false));
        }

        @Test
        void correction_changesNothing_whenItRepeatsTheCurrentFigures_soTheVerdictStands() {
            fixture.given(CLOSED, new VerdictGiven(REPORT, DAY, Verdict.VERIFIED, null, "coordinator-1"))
                    .when(new CorrectReport(REPORT, DAY, null, REPORTER, false, SEEN, null, ClosureStatus.CLOSED,
                            ClosureReason.WORKER_ACTION, null, null, null, null, null))
                    .expectNoEvents();
        }

        @Test
        void correction_fails_forAReportOfAnotherDay() {
            fixture.given(CLOSED)
                    .when(new CorrectReport(REPORT, "other-day", null, REPORTER, false, null, null, ClosureStatus.OPEN,
                            null, null, null, null, null, null))
                    .expectException(NotFound.class);
        }
    }

    @Nested
    class Retracting {
        @Test
        void retraction_byTheReporter_isRecorded() {
            fixture.given(CLOSED)
                    .when(new RetractReport(REPORT, DAY, REPORTER, false))
                    .expectEvents(new ReportRetracted(REPORT, DAY, REPORTER));
        }

        @Test
        void retraction_byACoordinator_isRecorded() {
            fixture.given(CLOSED)
                    .when(new RetractReport(REPORT, DAY, "coordinator-1", true))
                    .expectEvents(new ReportRetracted(REPORT, DAY, "coordinator-1"));
        }

        @Test
        void retraction_fails_whenAnotherReporterTriesIt() {
            fixture.given(CLOSED)
                    .when(new RetractReport(REPORT, DAY, "r-greyowl", false))
                    .expectException(Forbidden.class)
                    .expectNoEvents();
        }

        @Test
        void retraction_fails_whenAlreadyRetracted() {
            fixture.given(CLOSED, new ReportRetracted(REPORT, DAY, REPORTER))
                    .when(new RetractReport(REPORT, DAY, REPORTER, false))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Notes {
        @Test
        void submit_storesTheNoteSealed_neverInPlaintext() {
            fixture.givenNoPriorActivity()
                    .when(closure(REPORTER, ClosureStatus.CLOSED, "side door chained"))
                    .expectEvents(reported(ClosureStatus.CLOSED, sealed("side door chained")))
                    .expectResultMessagePayload(new Report.Outcome(0, true));
            assertThat(NoteSeal.open(keys.find(REPORT).orElseThrow(), REPORT, sealed("side door chained")))
                    .contains("side door chained");
        }

        @Test
        void submit_changesNothing_whenRetriedWithTheSameNote_thoughItWasSealedWithAnotherNonce() {
            keys.made();
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")))
                    .when(closure(REPORTER, ClosureStatus.CLOSED, "side door chained"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(0, false));
        }

        @Test
        void submit_fails_whenRetriedWithAnotherNote() {
            keys.made();
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")))
                    .when(closure(REPORTER, ClosureStatus.CLOSED, "front door chained"))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void submit_fails_whenRetriedWithANoteTheFirstDidNotCarry() {
            fixture.given(CLOSED)
                    .when(closure(REPORTER, ClosureStatus.CLOSED, "side door chained"))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void submit_changesNothing_whenRetriedWithTheNoteTheLogHasInPlaintext() {
            fixture.given(new ClosureReported(REPORT, DAY, REPORTER, SUBJECT, SEEN, MARKET, ClosureStatus.CLOSED,
                            ClosureReason.WORKER_ACTION, "side door chained"))
                    .when(closure(REPORTER, ClosureStatus.CLOSED, "side door chained"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(0, false));
        }

        @Test
        void correction_ofTheNote_storesTheNewNoteSealed_andResetsNothingElse() {
            keys.made();
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")))
                    .when(correctNote("both doors chained"))
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, REPORTER, SEEN, ClosureStatus.CLOSED,
                            ClosureReason.WORKER_ACTION, null, sealed("both doors chained")))
                    .expectResultMessagePayload(new Report.Outcome(1, true));
        }

        @Test
        void correction_changesNothing_whenItRepeatsTheNote() {
            keys.made();
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")))
                    .when(correctNote("side door chained"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(0, false));
        }
    }

    @Nested
    class ErasingTheNote {
        @Test
        void erasure_deletesTheReportsKey_andRecordsTheErasure() {
            keys.made();
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")))
                    .when(new EraseNote(REPORT, DAY, "coordinator-1"))
                    .expectEvents(new NoteErased(REPORT, DAY, "coordinator-1"))
                    .expectResultMessagePayload(new Report.Erasure(1, true, false));
            assertThat(keys.find(REPORT)).isEmpty();
        }

        @Test
        void erasure_changesNothing_whenRepeated_andAnswersTheErasure() {
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new NoteErased(REPORT, DAY, "coordinator-1"),
                            new VerdictGiven(REPORT, DAY, Verdict.VERIFIED, null, "coordinator-1"))
                    .when(new EraseNote(REPORT, DAY, "coordinator-2"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Erasure(1, false, false));
        }

        @Test
        void erasure_ofARetractedReport_isRecorded() {
            keys.made();
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new ReportRetracted(REPORT, DAY, REPORTER))
                    .when(new EraseNote(REPORT, DAY, "coordinator-1"))
                    .expectEvents(new NoteErased(REPORT, DAY, "coordinator-1"));
        }

        @Test
        void erasure_saysTheNoteStaysInTheLog_whenTheLogHasItInPlaintext() {
            fixture.given(new ClosureReported(REPORT, DAY, REPORTER, SUBJECT, SEEN, MARKET, ClosureStatus.CLOSED,
                            ClosureReason.WORKER_ACTION, "side door chained"))
                    .when(new EraseNote(REPORT, DAY, "coordinator-1"))
                    .expectEvents(new NoteErased(REPORT, DAY, "coordinator-1"))
                    .expectResultMessagePayload(new Report.Erasure(1, true, true));
        }

        @Test
        void erasure_fails_forAReportOfAnotherDay() {
            fixture.given(CLOSED)
                    .when(new EraseNote(REPORT, "other-day", "coordinator-1"))
                    .expectException(NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void submit_changesNothing_whenRetriedWithItsNoteAfterTheErasure() {
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new NoteErased(REPORT, DAY, "coordinator-1"))
                    .when(closure(REPORTER, ClosureStatus.CLOSED, "side door chained"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Report.Outcome(1, false));
        }

        @Test
        void submit_fails_whenRetriedWithOtherFiguresAfterTheErasure() {
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new NoteErased(REPORT, DAY, "coordinator-1"))
                    .when(closure(REPORTER, ClosureStatus.OPEN, "side door chained"))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void submit_fails_whenRetriedWithoutTheNoteAfterTheErasure() {
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new NoteErased(REPORT, DAY, "coordinator-1"))
                    .when(closure(REPORTER, ClosureStatus.CLOSED, null))
                    .expectException(Conflict.class);
        }

        @Test
        void correction_fails_whenItCarriesANoteAfterTheErasure() {
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new NoteErased(REPORT, DAY, "coordinator-1"))
                    .when(correctNote("it was the side door"))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void correction_ofFiguresAfterTheErasure_carriesNoNote() {
            fixture.given(reported(ClosureStatus.CLOSED, sealedBefore("side door chained")),
                            new NoteErased(REPORT, DAY, "coordinator-1"))
                    .when(correctClosure(REPORTER, false, null, ClosureStatus.PARTIAL))
                    .expectEvents(new ClosureCorrected(REPORT, DAY, null, REPORTER, SEEN, ClosureStatus.PARTIAL,
                            ClosureReason.WORKER_ACTION, null, null))
                    .expectResultMessagePayload(new Report.Outcome(2, true));
            assertThat(keys.find(REPORT)).as("no key is made again").isEmpty();
        }
    }

    @Nested
    class GivingAVerdict {
        @Test
        void verdict_isRecorded() {
            fixture.given(CLOSED)
                    .when(new GiveVerdict(REPORT, DAY, Verdict.DISPUTED, "photo shows it open", "coordinator-1"))
                    .expectEvents(new VerdictGiven(REPORT, DAY, Verdict.DISPUTED, "photo shows it open", "coordinator-1"));
        }

        @Test
        void verdict_fails_whenTheReportIsRetracted() {
            fixture.given(CLOSED, new ReportRetracted(REPORT, DAY, REPORTER))
                    .when(new GiveVerdict(REPORT, DAY, Verdict.VERIFIED, null, "coordinator-1"))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }
}
