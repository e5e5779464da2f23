package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A headcount report's figures, observedAt and note after the correction. {@code note} and {@code sealedNote} as in
 * {@link ClosureReported}: new events carry the note only sealed.
 */
@Revision("1")
public record HeadcountCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy,
                                 Instant observedAt, int headcount, HeadcountMethod method, String note,
                                 String sealedNote) implements DayEvent {

    /** A correction with the note in plaintext, as stored before notes were sealed. */
    public HeadcountCorrected(UUID reportId, String dayId, UUID correctionId, String correctedBy, Instant observedAt,
                              int headcount, HeadcountMethod method, String note) {
        this(reportId, dayId, correctionId, correctedBy, observedAt, headcount, method, note, null);
    }
}
