package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A closure report as submitted.
 *
 * @param note       the note in plaintext: only in events stored before notes were sealed (those notes stay in the
 *                   log for good); null in every event stored since
 * @param sealedNote the note sealed with the report's own key, kept outside the log, so that erasing the key erases
 *                   the note (crypto-shredding; the format is {@code NoteSeal}'s, in the platform module); null when
 *                   there is no note. Added to the event after its first revision: an event stored before reads it
 *                   as null, which is what it means, so no upcaster is needed
 */
@Revision("1")
public record ClosureReported(UUID reportId, String dayId, String reporterId, String subjectId,
                              Instant observedAt, Business business,
                              ClosureStatus status, ClosureReason reason, String note,
                              String sealedNote) implements DayEvent {

    /** A closure report with its note in plaintext, as stored before notes were sealed. */
    public ClosureReported(UUID reportId, String dayId, String reporterId, String subjectId, Instant observedAt,
                           Business business, ClosureStatus status, ClosureReason reason, String note) {
        this(reportId, dayId, reporterId, subjectId, observedAt, business, status, reason, note, null);
    }
}
