package org.standstill.query.tally;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.InvalidParameter;
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
class TallyController {

    static final Duration MIN_BUCKET = Duration.ofSeconds(1);
    static final Duration MAX_BUCKET = Duration.ofDays(1);
    /** The most points a timeline may have over the day's whole window (startsAt to endsAt). */
    static final long MAX_POINTS = 5_000;

    private final TallyQuery tallies;
    private final Clock clock;

    TallyController(TallyQuery tallies, Clock clock) {
        this.tallies = tallies;
        this.clock = clock;
    }

    @GetMapping("/api/days/{dayId}/tally")
    Tally tally(@PathVariable String dayId, @RequestParam(required = false) Instant at,
                @RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "ALL") Mode mode) {
        Instant now = clock.instant();
        if (knownAt != null && knownAt.isAfter(now)) {
            throw new InvalidParameter("knownAt", "must not be in the future: what will be known then is not known yet");
        }
        Instant k = knownAt == null ? now : knownAt;
        Instant t = at == null ? k : at;
        return (at == null && knownAt == null ? tallies.live(dayId, mode) : tallies.at(dayId, t, k, mode))
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    @GetMapping("/api/days/{dayId}/timeline")
    Timeline timeline(@PathVariable String dayId, @RequestParam(defaultValue = "PT15M") Duration bucket,
                      @RequestParam(defaultValue = "ALL") Mode mode) {
        if (bucket.compareTo(MIN_BUCKET) < 0 || bucket.compareTo(MAX_BUCKET) > 0 || bucket.getNano() != 0) {
            throw new InvalidParameter("bucket", "must be an ISO-8601 duration of whole seconds from PT1S to P1D");
        }
        return tallies.timeline(dayId, bucket, mode, MAX_POINTS).orElseThrow(() -> new NotFound("No day of action " + dayId));
    }
}
