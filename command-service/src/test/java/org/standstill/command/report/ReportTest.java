package org.standstill.command.report;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.report.Business;
import org.standstill.api.report.ClosureReason;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.Location;
import org.standstill.api.report.Sector;
import org.standstill.api.report.SubmitClosure;
import org.standstill.command.config.Conflict;

import java.time.Instant;
import java.util.UUID;

class ReportTest {

    static final UUID REPORT = UUID.fromString("5f0c0000-0000-4000-8000-000000000001");
    static final String DAY = "mpls-2026-01-23";
    static final Business MARKET = new Business(null, "Hmongtown Marketplace", null,
            new Location(44.9766, -93.1077), Sector.RETAIL);
    static final String SUBJECT = SubjectIds.business(DAY, MARKET.name(), MARKET.location());
    static final Instant SEEN = Instant.parse("2026-01-23T15:10:00Z");

    FixtureConfiguration<Report> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Report.class);
    }

    static SubmitClosure closure(String reporter, ClosureStatus status) {
        return new SubmitClosure(REPORT, DAY, reporter, SUBJECT, SEEN, MARKET, status, ClosureReason.WORKER_ACTION, null);
    }

    static ClosureReported reported(String reporter, ClosureStatus status) {
        return new ClosureReported(REPORT, DAY, reporter, SUBJECT, SEEN, MARKET, status, ClosureReason.WORKER_ACTION, null);
    }

    @Nested
    class SubmittingAClosure {
        @Test
        void submit_recordsTheClosure_andAnswersCreated() {
            fixture.givenNoPriorActivity()
                    .when(closure("amber-fox", ClosureStatus.CLOSED))
                    .expectEvents(reported("amber-fox", ClosureStatus.CLOSED))
                    .expectResultMessagePayload(true);
        }

        @Test
        void submit_changesNothing_whenRetriedWithTheSameContent() {
            fixture.given(reported("amber-fox", ClosureStatus.CLOSED))
                    .when(closure("amber-fox", ClosureStatus.CLOSED))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }

        @Test
        void submit_fails_whenTheReportIdWasUsedForOtherFigures() {
            fixture.given(reported("amber-fox", ClosureStatus.CLOSED))
                    .when(closure("amber-fox", ClosureStatus.OPEN))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void submit_fails_whenAnotherReporterReusesTheReportId() {
            fixture.given(reported("amber-fox", ClosureStatus.CLOSED))
                    .when(closure("grey-owl", ClosureStatus.CLOSED))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }
}
