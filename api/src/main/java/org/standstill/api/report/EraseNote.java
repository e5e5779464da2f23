package org.standstill.api.report;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.UUID;

/** Erase a report's note for good (a coordinator may). Erasing it again changes nothing. */
public record EraseNote(@TargetAggregateIdentifier UUID reportId, String dayId, String erasedBy) {
}
