package org.standstill.api.day;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DayOpened(String dayId) {
}
