package org.standstill.query.feed;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.config.NotFound;
import org.standstill.query.plausibility.FeedFlags;
import org.standstill.query.tally.ProcessedThrough;
import org.standstill.query.tally.TallyQuery;

/** The report feed of a day, with each headcount's plausibility flags in the live view (COORDINATOR, AUDITOR). */
@RestController
@Tag(name = "Reading", description = "The day as it stands or stood: tally, map, timeline, feed (COORDINATOR, AUDITOR)")
class FeedController {

    static final int MAX_LIMIT = 1000;

    private final FeedQuery feed;
    private final TallyQuery tallies;
    private final ProcessedThrough processed;
    private final FeedFlags flags;

    FeedController(FeedQuery feed, TallyQuery tallies, ProcessedThrough processed, FeedFlags flags) {
        this.flags = flags;
        this.feed = feed;
        this.tallies = tallies;
        this.processed = processed;
    }

    @GetMapping("/api/days/{dayId}/reports")
    @Operation(operationId = "getFeed", summary = "Read the report feed",
            description = "COORDINATOR, AUDITOR: each report as it stands, in the order of its latest change, with "
                    + "its plausibility flags in the live view. Page on with `after` = the answer's `next` (null at "
                    + "the end); no report that commits late is ever skipped.")
    @ApiResponse(responseCode = "200", description = "A page of the feed")
    FeedQuery.Page reports(@PathVariable String dayId, @Parameter(description = "The `next` of the page before (0: from the start)") @RequestParam(defaultValue = "0") long after,
                           @Parameter(description = "At most this many reports, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        if (after < 0) {
            throw new InvalidParameter("after", "must be a position, 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "must be from 1 to " + MAX_LIMIT);
        }
        if (!tallies.exists(dayId)) {
            throw new NotFound("No day of action " + dayId);
        }
        FeedQuery.Page page = feed.page(dayId, after, limit, processed.position());
        return new FeedQuery.Page(flags.live(dayId, page.reports()), page.next());
    }
}
