package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** A coordinator verifies or disputes a report. */
public record GiveVerdict(@TargetAggregateIdentifier UUID reportId, String dayId, Verdict verdict, String note,
                          String givenBy) {
}
