package org.standstill.command.reporter;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.reporter.EnrollReporter;
import org.standstill.api.reporter.ReporterEnrolled;
import org.standstill.api.reporter.ReporterRevoked;
import org.standstill.api.reporter.RevokeReporter;
import org.standstill.command.config.NotFound;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A field reporter (id = their pseudonym), one aggregate each so that joining never contends.
 * Enrolled once for one day; revoked at most once.
 */
@Aggregate
class Reporter {

    @AggregateIdentifier
    private String reporterId;
    private String dayId;
    private boolean revoked;

    Reporter() {
        // for Axon
    }

    @CommandHandler
    Reporter(EnrollReporter command) {
        apply(new ReporterEnrolled(command.reporterId(), command.dayId()));
    }

    /** Revoking is idempotent: a revoked reporter stays revoked and nothing new is recorded. */
    @CommandHandler
    void handle(RevokeReporter command) {
        if (!dayId.equals(command.dayId())) {
            throw new NotFound("No reporter " + reporterId + " on day " + command.dayId());
        }
        if (!revoked) {
            apply(new ReporterRevoked(reporterId, dayId));
        }
    }

    @EventSourcingHandler
    void on(ReporterEnrolled event) {
        reporterId = event.reporterId();
        dayId = event.dayId();
    }

    @EventSourcingHandler
    void on(ReporterRevoked event) {
        revoked = true;
    }
}
