package org.standstill.api.day;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

@Revision("1")
public record DayOpened(String dayId) implements DayEvent {
}
