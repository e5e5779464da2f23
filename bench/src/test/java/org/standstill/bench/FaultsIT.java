package org.standstill.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite of issue 14 on a platform of its own (not the shared one of the other end-to-end tests): its own
 * embedded PostgreSQL, which it crashes and starts again, and both services reaching it through TCP proxies that it
 * cuts. Reporters send reports steadily throughout, each retried with its reportId and body until it is answered
 * 2xx; after each fault both services must be UP again, every acknowledged report must be counted exactly once (in
 * the feed, the tally and the event store), nothing unacknowledged twice, and a rebuild must find the live tables
 * equal to the log and leave nothing behind. How long recovery took is printed, never asserted: it is what the
 * {@code faults} benchmark reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    static final Faults.Settings SETTINGS = new Faults.Settings(6, Duration.ofMillis(150), Duration.ofSeconds(3),
            Duration.ofSeconds(180), true, false, List.of(), Map.of());

    Faults faults;

    @BeforeAll
    void start() throws Exception {
        faults = Faults.start(Platform.home().resolve("bench").resolve("target").resolve("it-logs").resolve("faults"),
                SETTINGS, System.out);
        faults.steady(Duration.ofSeconds(5));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (faults != null) {
            faults.close();
        }
    }

    @Test
    @Order(1)
    void killingTheCommandService_losesNoAcknowledgedReport_andCountsNoRetryTwice() throws Exception {
        recoversExactlyOnce(faults.inject(Faults.KILL_COMMAND));
    }

    @Test
    @Order(2)
    void killingTheQueryService_losesNoAcknowledgedReport_andCountsNoneTwice() throws Exception {
        recoversExactlyOnce(faults.inject(Faults.KILL_QUERY));
    }

    @Test
    @Order(3)
    void aPostgresCrashAndRestart_losesNoAcknowledgedReport_andBothServicesRecover() throws Exception {
        recoversExactlyOnce(faults.inject(Faults.RESTART_DATABASE));
    }

    @Test
    @Order(4)
    void cuttingTheCommandServiceFromPostgres_losesNoAcknowledgedReport_andItRecovers() throws Exception {
        recoversExactlyOnce(faults.inject(Faults.CUT_COMMAND));
    }

    @Test
    @Order(5)
    void cuttingTheQueryServiceFromPostgres_countsEveryReportOnce_andItRecovers() throws Exception {
        recoversExactlyOnce(faults.inject(Faults.CUT_QUERY));
    }

    @Test
    @Order(6)
    void killingTheQueryServiceDuringARebuild_leavesNoSchemaNorPausedProcessor_andANewRebuildFindsEqualDigests()
            throws Exception {
        Faults.Outcome outcome = faults.inject(Faults.KILL_QUERY_DURING_REBUILD);

        recoversExactlyOnce(outcome);
        assertThat(outcome.rebuild()).as("the rebuild after the restart").isNotNull();
        assertThat(faults.leftSchemas()).as("schemas left by the interrupted rebuild").isEmpty();
    }

    @Test
    @Order(7)
    void cuttingTheQueryServiceFromPostgresDuringARebuild_endsTheRebuild_andTheLiveProjectionGoesOn() throws Exception {
        Faults.Outcome outcome = faults.inject(Faults.CUT_QUERY_DURING_REBUILD);

        assertThat(outcome.interruptedRebuild()).as("the interrupted rebuild's state once PostgreSQL is back")
                .isIn("FAILED", "DONE");
        recoversExactlyOnce(outcome);
        assertThat(faults.leftSchemas()).as("schemas left by the interrupted rebuild").isEmpty();
    }

    @Test
    @Order(8)
    void afterEveryFault_everyAcknowledgedReportIsCountedOnce_andARebuildFindsTheLiveFiguresExact() throws Exception {
        int sent = faults.stopSending();
        Faults.Check check = faults.checkExactlyOnce(SETTINGS.recovery());
        Faults.Rebuild rebuild = faults.rebuild(SETTINGS.recovery());

        System.out.printf("Faults: %d reports sent, %d acknowledged, %d in the feed%n", sent, check.acknowledged(),
                check.inFeed());
        assertThat(check.acknowledged()).as("reports acknowledged over the whole suite").isGreaterThan(100);
        exactlyOnce(check);
        assertThat(check.inFeed()).as("the feed holds acknowledged reports and at most the unanswered ones")
                .isBetween(check.acknowledged(), sent);
        clean(rebuild);
        assertThat(faults.anomalies()).as("reports refused (not 2xx, 429, 5xx or unanswered)").isEmpty();
    }

    private void recoversExactlyOnce(Faults.Outcome outcome) {
        assertThat(outcome.healthy()).as("%s: both services UP again", outcome.fault()).isNotNull();
        assertThat(outcome.pushResumed()).as("%s: a live push reflects a report accepted after it", outcome.fault())
                .isNotNull();
        exactlyOnce(outcome.check());
        assertThat(outcome.anomalies()).as("%s: reports refused", outcome.fault()).isEmpty();
        if (outcome.rebuild() != null) {
            clean(outcome.rebuild());
        }
    }

    private void exactlyOnce(Faults.Check check) {
        assertThat(check.lostAcknowledged().size()).as("acknowledged reports missing from the feed: %s, answered %s",
                Faults.Check.some(check.lostAcknowledged()), check.lostAcknowledged().stream().limit(3)
                        .map(faults::attemptsOf).toList()).isZero();
        assertThat(check.countedTwice().size()).as("reports in the feed twice: %s",
                Faults.Check.some(check.countedTwice())).isZero();
        assertThat(check.neverSent().size()).as("reports in the feed that no reporter sent: %s",
                Faults.Check.some(check.neverSent())).isZero();
        assertThat(check.storedAcknowledged()).as("acknowledged reports in the event store")
                .isEqualTo(check.acknowledged());
        assertThat(check.tallyTotal()).as("the tally's reports.total at position %d: the feed's reports there",
                check.tallyPosition()).isEqualTo(check.feedAtTallyPosition());
    }

    private static void clean(Faults.Rebuild rebuild) {
        assertThat(rebuild.state()).as("rebuild state (%s)", rebuild).isEqualTo("DONE");
        assertThat(rebuild.digestsEqual()).as("rebuild digests equal (differences %s)", rebuild.differences()).isTrue();
        assertThat(rebuild.leftSchemas()).as("rebuild schemas left").isEmpty();
        assertThat(rebuild.leftClaims()).as("rebuild claims left on the processor's token").isEmpty();
        assertThat(rebuild.processorsRunning()).as("every projection processor running after the rebuild").isTrue();
    }
}
