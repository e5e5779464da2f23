package org.standstill.api.report;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/** A walkout report's figures, observedAt and note after the correction. */
@Revision("1")
public record WalkoutCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy,
                               Instant observedAt, WalkoutType type, int participants, Integer workforce,
                               String note) {
}
