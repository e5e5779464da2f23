package org.standstill.query.tally;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The tally's headline figures at the end of each bucket of the day, as known at {@code knownAt}. */
public record Timeline(String dayId, @Schema(example = "PT15M") Duration bucket, TallyRules.Mode mode,
                       @Schema(description = "The latest instant this answer is complete for: at most the K asked") Instant knownAt,
                       @Schema(description = "Every event of the log at or below this position is in this answer") long position,
                       List<Point> points) {

    public record Point(Instant at, long closed, long partial, long open, long workplaces, long workers,
                        long students, long crowdEstimate, long crowdLow, long crowdHigh) {
    }
}
