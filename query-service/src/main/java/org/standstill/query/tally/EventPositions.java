package org.standstill.query.tally;

import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The global index of each event the processors read lately, as the event store's rows gave it (recorded by
 * {@code PositionRecordingStorageEngine} while it reads them): the live projection takes an event's position from
 * here rather than asking PostgreSQL again for every batch. A token cannot tell it — the token of an event that fills a
 * gap holds the highest index seen so far, not the event's own. Bounded: the processors read at most a few fetches
 * ahead of what they handle; an event that is no longer here (a processor far behind its reading, or retrying) is
 * looked up in the store.
 */
@Component
public class EventPositions {

    /** Events remembered: many fetches of the processors' (2,000 events each), a few MB. */
    static final int CAPACITY = 1 << 15;

    private final Map<String, Long> recent = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void record(String eventId, long position) {
        recent.put(eventId, position);
    }

    /** The event's global index, if it was read lately. */
    synchronized Long of(String eventId) {
        return recent.get(eventId);
    }
}
