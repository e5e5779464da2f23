package org.standstill.api.day;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record ReplaceZones(@TargetAggregateIdentifier String dayId, List<Zone> zones) {
}
