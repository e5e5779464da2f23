package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

@Revision("1")
public record WalkoutReported(UUID reportId, String dayId, String reporterId, String subjectId,
                              Instant observedAt, Workplace workplace, WalkoutType type,
                              int participants, Integer workforce, String note) implements DayEvent {
}
