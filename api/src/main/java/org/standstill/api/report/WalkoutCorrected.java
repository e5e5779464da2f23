package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A walkout report's figures, observedAt and note after the correction. {@code note} and {@code sealedNote} as in
 * {@link ClosureReported}: new events carry the note only sealed.
 */
@Revision("1")
public record WalkoutCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy,
                               Instant observedAt, WalkoutType type, int participants, Integer workforce,
                               String note, String sealedNote) implements DayEvent {

    /** A correction with the note in plaintext, as stored before notes were sealed. */
    public WalkoutCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy, Instant observedAt,
                            WalkoutType type, int participants, Integer workforce, String note) {
        this(reportId, dayId, correctionId, correctedBy, observedAt, type, participants, workforce, note, null);
    }
}
