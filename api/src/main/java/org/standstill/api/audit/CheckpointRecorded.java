package org.standstill.api.audit;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

import java.util.List;

/**
 * The heads of a day's aggregates that changed up to {@code upToPosition}, and a SHA-256 digest over
 * them: deleting an aggregate's newest event breaks no hash chain, but it no longer matches its head here.
 */
@Revision("1")
public record CheckpointRecorded(String dayId, long upToPosition, List<Head> heads, String digest)
        implements DayEvent {
}
