package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.UUID;

/** Submit a walkout report; {@code participants} 0 means back at work. Repeating it changes nothing. */
public record SubmitWalkout(@TargetAggregateIdentifier UUID reportId, String dayId, String reporterId,
                            String subjectId, Instant observedAt, Workplace workplace, WalkoutType type,
                            int participants, Integer workforce, String note) {
}
