package org.standstill.bench.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a scenario's day lands in time, and how fast it is played. {@code zero} is the instant of 06:00 (offset 0);
 * an offset of {@code s} seconds is observed at {@code zero + s × compression}, and sent at {@code playStart + s /
 * speed} of the wall clock ({@code speed} 0: as fast as possible).
 *
 * @param zero        the observed instant of offset 0
 * @param compression observed seconds per scenario second
 * @param playStart   the wall-clock instant the play starts
 * @param speed       scenario seconds per wall second; 0 = as fast as possible
 */
public record DayClock(Instant zero, double compression, Instant playStart, double speed) {

    public enum Kind {
        /** The day happens now, compressed by the speed: observed instants follow the wall clock (the demo). */
        LIVE,
        /** The day happened today and has just ended: every observed instant is in the past. */
        RECENT,
        /** The day is the real one, 23 January 2026 (invites cannot be issued for a day that long gone). */
        HISTORICAL
    }

    public static DayClock of(Kind kind, double speed, Instant now) {
        return switch (kind) {
            case LIVE -> {
                if (speed <= 0) {
                    throw new IllegalArgumentException("a live day needs a speed (realtime or xN), not max");
                }
                yield new DayClock(now, 1 / speed, now, speed);
            }
            case RECENT -> new DayClock(now.minusSeconds(Scenario.DAY_SECONDS + 1800), 1, now, speed);
            case HISTORICAL -> new DayClock(Scenario.REFERENCE_START, 1, now, speed);
        };
    }

    /** The observed instant of a scenario offset, to the millisecond. */
    public Instant observedAt(long offsetSeconds) {
        return zero.plusMillis(Math.round(offsetSeconds * 1000 * compression));
    }

    /** How long after the play's start an action at this offset is due on the wall clock. */
    public Duration dueAfter(long offsetSeconds) {
        return speed <= 0 ? Duration.ZERO : Duration.ofMillis(Math.round(offsetSeconds * 1000 / speed));
    }

    /** The local time of day (America/Chicago) of a scenario offset, as HH:mm. */
    public static String localTime(long offsetSeconds) {
        long minutes = 6 * 60 + offsetSeconds / 60;
        return String.format("%02d:%02d", (minutes / 60) % 24, minutes % 60);
    }

    public Instant startsAt() {
        return observedAt(0).minusSeconds(60);
    }

    public Instant endsAt() {
        return observedAt(Scenario.DAY_SECONDS);
    }
}
