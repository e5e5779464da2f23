package org.standstill.api.report;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.util.UUID;

/**
 * A report's note was erased: its key, kept outside the event log, was deleted in the transaction that stored this
 * event, so every note the report's events carry sealed can never be opened again. The event says that and when it
 * happened, and carries nothing of the note.
 *
 * @param erasedBy the coordinator's (or admin's) name, from the caller's token
 */
@Revision("1")
public record NoteErased(UUID reportId, String dayId, String erasedBy) implements DayEvent {
}
