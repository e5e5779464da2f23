package org.standstill.command.day;

/**
 * What a report's new content needs of its day while it commits: that the day is not CLOSED, and stays so until the
 * change has committed. Handlers call it only for new content, so a retry is answered as a retry even after the day
 * closed (API.md).
 */
@FunctionalInterface
public interface DayGate {

    /** Refuses with 409 if the day is CLOSED; otherwise the day cannot close before this transaction ends. */
    void holdOpen(String dayId);
}
