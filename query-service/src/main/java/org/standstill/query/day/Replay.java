package org.standstill.query.day;

/**
 * Marks the thread that replays the event log into fresh tables for a rebuild: the projections' code
 * is the same, but nothing is announced to the live views.
 */
public final class Replay {

    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private Replay() {
    }

    public static boolean isActive() {
        return ACTIVE.get();
    }

    public static void run(Runnable replay) {
        ACTIVE.set(true);
        try {
            replay.run();
        } finally {
            ACTIVE.remove();
        }
    }
}
