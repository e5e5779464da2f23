package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

@Revision("1")
public record HeadcountReported(UUID reportId, String dayId, String reporterId, String subjectId,
                                Instant observedAt, Rally rally, int headcount, HeadcountMethod method,
                                String note) implements DayEvent {
}
