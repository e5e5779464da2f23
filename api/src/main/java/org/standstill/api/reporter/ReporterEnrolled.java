package org.standstill.api.reporter;

import org.axonframework.serialization.Revision;

/** A field reporter joined a day of action; the pseudonym is all the log ever knows of them. */
@Revision("1")
public record ReporterEnrolled(String reporterId, String dayId) {
}
