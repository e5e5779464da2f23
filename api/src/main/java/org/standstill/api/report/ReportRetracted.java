package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.util.UUID;

@Revision("1")
public record ReportRetracted(UUID reportId, String dayId, String retractedBy) implements DayEvent {
}
