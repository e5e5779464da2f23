package org.standstill.query.tally;

import java.time.Instant;
import java.util.Map;

/** The tally answer of API.md. */
public record Tally(String dayId, Instant at, Instant knownAt, TallyRules.Mode mode, long position,
                   Businesses businesses, Walkouts walkouts, Crowd crowd, Reports reports) {

    public record Counts(long closed, long partial, long open) {
    }

    public record Businesses(long closed, long partial, long open,
                             Map<String, Counts> bySector, Map<String, Counts> byZone) {
    }

    public record Walkouts(long workplaces, long workers, long students) {
    }

    public record Crowd(long estimate, long low, long high, long rallies, long peak, Instant peakAt) {
    }

    public record Reports(long total, long verified, long disputed, long retracted) {
    }
}
