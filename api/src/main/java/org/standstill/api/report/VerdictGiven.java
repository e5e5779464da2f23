package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.util.UUID;

@Revision("1")
public record VerdictGiven(UUID reportId, String dayId, Verdict verdict, String note, String givenBy) implements DayEvent {
}
