package org.standstill.api.day;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CloseDay(@TargetAggregateIdentifier String dayId) {
}
