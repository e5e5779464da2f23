package org.standstill.command.reporter;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.reporter.EnrollReporter;
import org.standstill.api.reporter.ReporterEnrolled;
import org.standstill.api.reporter.ReporterRevoked;
import org.standstill.api.reporter.RevokeReporter;
import org.standstill.command.config.NotFound;

class ReporterTest {

    static final String REPORTER = "r-k7qm2x9hbw4t";
    static final String DAY = "mpls-2026-01-23";

    FixtureConfiguration<Reporter> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Reporter.class);
    }

    @Nested
    class Enrolling {
        @Test
        void enroll_recordsThePseudonymAndTheDay_only() {
            fixture.givenNoPriorActivity()
                    .when(new EnrollReporter(REPORTER, DAY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ReporterEnrolled(REPORTER, DAY));
        }
    }

    @Nested
    class Revoking {
        @Test
        void revoke_revokesAnEnrolledReporter() {
            fixture.given(new ReporterEnrolled(REPORTER, DAY))
                    .when(new RevokeReporter(REPORTER, DAY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ReporterRevoked(REPORTER, DAY));
        }

        @Test
        void revoke_changesNothing_whenAlreadyRevoked() {
            fixture.given(new ReporterEnrolled(REPORTER, DAY), new ReporterRevoked(REPORTER, DAY))
                    .when(new RevokeReporter(REPORTER, DAY))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void revoke_fails_whenTheReporterBelongsToAnotherDay() {
            fixture.given(new ReporterEnrolled(REPORTER, DAY))
                    .when(new RevokeReporter(REPORTER, "stp-2026-01-30"))
                    .expectException(NotFound.class)
                    .expectNoEvents();
        }
    }
}
