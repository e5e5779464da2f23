package org.standstill.query.feed;

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
    FeedQuery.Page reports(@PathVariable String dayId, @RequestParam(defaultValue = "0") long after,
                           @RequestParam(defaultValue = "100") int limit) {
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
