package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A walkout report as submitted. {@code note} and {@code sealedNote} as in {@link ClosureReported}: new events carry
 * the note only sealed.
 */
@Revision("1")
public record WalkoutReported(UUID reportId, String dayId, String reporterId, String subjectId,
                              Instant observedAt, Workplace workplace, WalkoutType type,
                              int participants, Integer workforce, String note, String sealedNote) implements DayEvent {

    /** A walkout report with its note in plaintext, as stored before notes were sealed. */
    public WalkoutReported(UUID reportId, String dayId, String reporterId, String subjectId, Instant observedAt,
                           Workplace workplace, WalkoutType type, int participants, Integer workforce, String note) {
        this(reportId, dayId, reporterId, subjectId, observedAt, workplace, type, participants, workforce, note, null);
    }
}
