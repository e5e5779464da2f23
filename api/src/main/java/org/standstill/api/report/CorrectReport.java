package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.UUID;

/**
 * Correct a report's figures (those of its kind; the others are null) and optionally its observedAt
 * and note (null keeps them). Never a new subject or kind.
 *
 * @param correctionId the client's idempotency key, or {@code null}
 * @param correctedBy  the caller's pseudonym
 * @param coordinator  whether the caller is a coordinator (who may correct anyone's report)
 */
public record CorrectReport(@TargetAggregateIdentifier UUID reportId, String dayId, UUID correctionId,
                            String correctedBy, boolean coordinator, Instant observedAt, String note,
                            ClosureStatus status, ClosureReason reason,
                            WalkoutType type, Integer participants, Integer workforce,
                            Integer headcount, HeadcountMethod method) {
}
