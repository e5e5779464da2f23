package org.standstill.api.reporter;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

/** A field reporter's token stopped working, in both services. */
@Revision("1")
public record ReporterRevoked(String reporterId, String dayId) implements DayEvent {
}
