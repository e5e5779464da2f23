package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A headcount report as submitted. {@code note} and {@code sealedNote} as in {@link ClosureReported}: new events carry
 * the note only sealed.
 */
@Revision("1")
public record HeadcountReported(UUID reportId, String dayId, String reporterId, String subjectId,
                                Instant observedAt, Rally rally, int headcount, HeadcountMethod method,
                                String note, String sealedNote) implements DayEvent {

    /** A headcount report with its note in plaintext, as stored before notes were sealed. */
    public HeadcountReported(UUID reportId, String dayId, String reporterId, String subjectId, Instant observedAt,
                             Rally rally, int headcount, HeadcountMethod method, String note) {
        this(reportId, dayId, reporterId, subjectId, observedAt, rally, headcount, method, note, null);
    }
}
