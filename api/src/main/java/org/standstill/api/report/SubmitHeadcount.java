package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.UUID;

/** Submit a rally headcount report. Repeating it changes nothing. */
public record SubmitHeadcount(@TargetAggregateIdentifier UUID reportId, String dayId, String reporterId,
                              String subjectId, Instant observedAt, Rally rally, int headcount,
                              HeadcountMethod method, String note) {
}
