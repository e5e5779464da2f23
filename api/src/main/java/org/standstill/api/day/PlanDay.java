package org.standstill.api.day;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.standstill.api.report.Location;

import java.time.Instant;
import java.util.List;

/** {@code location} (the city's, for a campaign's map) and {@code campaignId} are optional. */
public record PlanDay(@TargetAggregateIdentifier String dayId, String name, String city, String timeZone,
                      Instant startsAt, Instant endsAt, List<Zone> zones, Location location, String campaignId) {
}
