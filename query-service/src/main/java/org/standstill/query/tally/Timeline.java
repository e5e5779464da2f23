package org.standstill.query.tally;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The tally's headline figures at the end of each bucket of the day, as known at {@code knownAt}. */
public record Timeline(String dayId, Duration bucket, TallyRules.Mode mode, Instant knownAt, long position,
                       List<Point> points) {

    public record Point(Instant at, long closed, long partial, long open, long workplaces, long workers,
                        long students, long crowdEstimate, long crowdLow, long crowdHigh) {
    }
}
