package org.standstill.api.reporter;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

/** A field reporter joined a day of action; the pseudonym is all the log ever knows of them. */
@Revision("1")
public record ReporterEnrolled(String reporterId, String dayId) implements DayEvent {
}
