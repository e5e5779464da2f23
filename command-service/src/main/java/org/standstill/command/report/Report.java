package org.standstill.command.report;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.SubmitClosure;
import org.standstill.command.config.Conflict;

import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One field report (id = reportId, the client's idempotency key). Reports never contend with each
 * other; subjects are read-side groupings.
 */
@Aggregate
class Report {

    @AggregateIdentifier
    private UUID reportId;
    private Object submission;

    Report() {
        // for Axon
    }

    /**
     * Submitting is idempotent: the same reportId with the same content changes nothing, with other
     * content it is refused.
     *
     * @return whether this submission created the report
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(SubmitClosure command) {
        ClosureReported event = new ClosureReported(command.reportId(), command.dayId(), command.reporterId(),
                command.subjectId(), command.observedAt(), command.business(), command.status(), command.reason(),
                command.note());
        return submit(event);
    }

    private boolean submit(Object event) {
        if (submission == null) {
            apply(event);
            return true;
        }
        if (submission.equals(event)) {
            return false;
        }
        throw new Conflict("Report " + reportId + " was already submitted with other content");
    }

    @EventSourcingHandler
    void on(ClosureReported event) {
        reportId = event.reportId();
        submission = event;
    }
}
