package org.standstill.api.day;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;
import org.standstill.api.report.Location;

import java.time.Instant;
import java.util.List;

/** {@code location}: where the city is, for a campaign's map; null if not given (events before it had none). */
@Revision("1")
public record DayPlanned(String dayId, String name, String city, String timeZone,
                         Instant startsAt, Instant endsAt, List<Zone> zones, Location location) implements DayEvent {
}
