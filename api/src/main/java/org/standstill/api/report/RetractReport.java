package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Retract a report (final). Its reporter or a coordinator may. */
public record RetractReport(@TargetAggregateIdentifier UUID reportId, String dayId, String retractedBy,
                            boolean coordinator) {
}
