package org.standstill.query.tally;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.NotFound;
import org.standstill.query.tally.TallyRules.Mode;

/** The tally of a day (COORDINATOR, AUDITOR). */
@RestController
class TallyController {

    private final TallyQuery tallies;

    TallyController(TallyQuery tallies) {
        this.tallies = tallies;
    }

    @GetMapping("/api/days/{dayId}/tally")
    Tally tally(@PathVariable String dayId, @RequestParam(defaultValue = "ALL") Mode mode) {
        return tallies.live(dayId, mode).orElseThrow(() -> new NotFound("No day of action " + dayId));
    }
}
