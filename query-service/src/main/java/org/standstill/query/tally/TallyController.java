package org.standstill.query.tally;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.NotFound;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The tally of a day at T ({@code at}) as known at K ({@code knownAt}), both now by default, and its
 * timeline (COORDINATOR, AUDITOR).
 */
@RestController
@Tag(name = "Reading")
class TallyController {

    private final TallyQuery tallies;
    private final Clock clock;

    TallyController(TallyQuery tallies, Clock clock) {
        this.tallies = tallies;
        this.clock = clock;
    }

    @GetMapping("/api/days/{dayId}/tally")
    @Operation(operationId = "getTally", summary = "Read the tally",
            description = "COORDINATOR, AUDITOR: every figure of DOMAIN.md at T as known at K (both now by default), "
                    + "counting every report (ALL) or only verified ones (VERIFIED). `position` and `knownAt` say "
                    + "what it is complete for.")
    @ApiResponse(responseCode = "200", description = "The tally")
    Tally tally(@PathVariable String dayId,
                @Parameter(description = "T: the moment the figures are of (default K)") @RequestParam(required = false) Instant at,
                @Parameter(description = "K: as known at this moment, not in the future (default now)")
                @RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "ALL") Mode mode) {
        Instant k = ViewParameters.knownAt(knownAt, clock.instant());
        Instant t = at == null ? k : at;
        return (at == null && knownAt == null ? tallies.live(dayId, mode) : tallies.at(dayId, t, k, mode))
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    @GetMapping("/api/days/{dayId}/timeline")
    @Operation(operationId = "getTimeline", summary = "Read the timeline",
            description = "COORDINATOR, AUDITOR: the headline figures at the end of each bucket from the day's "
                    + "`startsAt` to min(now, `endsAt`). A bucket that would cut the day's whole window into more "
                    + "than 5,000 points is a 400 naming `bucket` and the shortest bucket allowed.")
    @ApiResponse(responseCode = "200", description = "The timeline")
    Timeline timeline(@PathVariable String dayId, @Parameter(description = "An ISO-8601 duration of whole seconds, `PT1S` to `P1D`", schema = @Schema(type = "string", defaultValue = "PT15M", example = "PT15M")) @RequestParam(defaultValue = "PT15M") Duration bucket,
                      @RequestParam(defaultValue = "ALL") Mode mode) {
        return tallies.timeline(dayId, ViewParameters.bucket(bucket), mode, ViewParameters.MAX_POINTS).orElseThrow(() -> new NotFound("No day of action " + dayId));
    }
}
