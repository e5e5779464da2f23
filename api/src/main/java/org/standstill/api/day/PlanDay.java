package org.standstill.api.day;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record PlanDay(@TargetAggregateIdentifier String dayId, String name, String city, String timeZone,
                      Instant startsAt, Instant endsAt, List<Zone> zones) {
}
