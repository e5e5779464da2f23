package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

@Revision("1")
public record ClosureReported(UUID reportId, String dayId, String reporterId, String subjectId,
                              Instant observedAt, Business business,
                              ClosureStatus status, ClosureReason reason, String note) implements DayEvent {
}
