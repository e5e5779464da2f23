package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.UUID;

/**
 * Submit a closure report. Sending it again with the same content changes nothing.
 *
 * @param reporterId the reporter's pseudonym, from the caller's token
 * @param subjectId  the business's identity (DOMAIN.md, "Subject identity")
 */
public record SubmitClosure(@TargetAggregateIdentifier UUID reportId, String dayId, String reporterId,
                            String subjectId, Instant observedAt, Business business,
                            ClosureStatus status, ClosureReason reason, String note) {
}
