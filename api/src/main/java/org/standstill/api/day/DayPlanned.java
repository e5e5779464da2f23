package org.standstill.api.day;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.List;

@Revision("1")
public record DayPlanned(String dayId, String name, String city, String timeZone,
                         Instant startsAt, Instant endsAt, List<Zone> zones) implements DayEvent {
}
