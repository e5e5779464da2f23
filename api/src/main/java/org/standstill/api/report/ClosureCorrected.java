package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/** A closure report's figures, observedAt and note after the correction. */
@Revision("1")
public record ClosureCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy,
                               Instant observedAt, ClosureStatus status, ClosureReason reason, String note) implements DayEvent {
}
