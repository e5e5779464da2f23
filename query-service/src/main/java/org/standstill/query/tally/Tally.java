package org.standstill.query.tally;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** The tally answer of API.md. */
@Schema(description = "Every figure of DOMAIN.md at `at` (T) as known at `knownAt` (K)")
public record Tally(String dayId, @Schema(description = "T: the moment the figures are of") Instant at,
                   @Schema(description = "The latest instant this answer is complete for: at most the K asked") Instant knownAt, TallyRules.Mode mode,
                   @Schema(description = "Every event of the log at or below this position is in this answer") long position,
                   Businesses businesses, Walkouts walkouts, Crowd crowd, Reports reports) {

    public record Counts(long closed, long partial, long open) {
    }

    public record Businesses(long closed, long partial, long open,
                             Map<String, Counts> bySector, Map<String, Counts> byZone) {
    }

    public record Walkouts(long workplaces, long workers, long students) {
    }

    public record Crowd(long estimate, long low, long high, long rallies, long peak,
                        @Schema(types = {"string", "null"}, format = "date-time", description = "When the peak was; null "
                                + "before any headcount counts") Instant peakAt) {
    }

    public record Reports(long total, long verified, long disputed, long retracted) {
    }
}
