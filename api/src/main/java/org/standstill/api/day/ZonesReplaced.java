package org.standstill.api.day;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.util.List;

@Revision("1")
public record ZonesReplaced(String dayId, List<Zone> zones) implements DayEvent {
}
