package org.standstill.query.campaign;

import io.swagger.v3.oas.annotations.media.Schema;
import org.standstill.query.tally.Tally;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign's tally (API.md, "Campaigns"; DOMAIN.md, "Campaigns"): its member days' figures and their totals. */
@Schema(description = "Every figure of the campaign's member days at `at` (T) as known at `knownAt` (K), and their totals")
public record CampaignTally(String campaignId, @Schema(description = "T: the moment the figures are of") Instant at,
                            @Schema(description = "The latest instant this answer is complete for: at most the K asked") Instant knownAt,
                            Mode mode,
                            @Schema(description = "Every event of the log at or below this position is in this answer") long position,
                            Totals totals, List<Day> days) {

    /** The day tally's figures summed over the days; the businesses by day instead of by zone. */
    public record Totals(Businesses businesses, Tally.Walkouts walkouts,
                         @Schema(description = "Sums over the days; `peak` is the highest summed estimate up to T "
                                 + "(not the sum of the days' peaks), `peakAt` the earliest moment it was reached")
                         Tally.Crowd crowd, Tally.Reports reports) {
    }

    public record Businesses(long closed, long partial, long open, Map<String, Tally.Counts> bySector,
                             Map<String, Tally.Counts> byDay) {
    }

    /** A member day (as known at K) with its own tally at the same (T, K, mode). */
    public record Day(String dayId, String name, String city, String timeZone,
                      @Schema(description = "As known at K") String status, Tally tally) {
    }
}
