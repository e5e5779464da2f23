package org.standstill.api.day;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record OpenDay(@TargetAggregateIdentifier String dayId) {
}
