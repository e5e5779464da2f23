package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/** A walkout report's figures, observedAt and note after the correction. */
@Revision("1")
public record WalkoutCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy,
                               Instant observedAt, WalkoutType type, int participants, Integer workforce,
                               String note) implements DayEvent {
}
