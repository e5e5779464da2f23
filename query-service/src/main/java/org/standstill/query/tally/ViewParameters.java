package org.standstill.query.tally;

import org.standstill.query.config.InvalidParameter;

import java.time.Duration;
import java.time.Instant;

/** The query parameters every view takes (a day's, a campaign's), checked alike: K, and a timeline's bucket. */
public final class ViewParameters {

    static final Duration MIN_BUCKET = Duration.ofSeconds(1);
    static final Duration MAX_BUCKET = Duration.ofDays(1);
    /** The most points a timeline may have over its whole window. */
    public static final long MAX_POINTS = 5_000;

    private ViewParameters() {
    }

    /** K: the one asked, never in the future (400 naming {@code knownAt}), else now. */
    public static Instant knownAt(Instant knownAt, Instant now) {
        if (knownAt != null && knownAt.isAfter(now)) {
            throw new InvalidParameter("knownAt", "must not be in the future: what will be known then is not known yet");
        }
        return knownAt == null ? now : knownAt;
    }

    /** A timeline's bucket: whole seconds from PT1S to P1D, else a 400 naming {@code bucket}. */
    public static Duration bucket(Duration bucket) {
        if (bucket.compareTo(MIN_BUCKET) < 0 || bucket.compareTo(MAX_BUCKET) > 0 || bucket.getNano() != 0) {
            throw new InvalidParameter("bucket", "must be an ISO-8601 duration of whole seconds from PT1S to P1D");
        }
        return bucket;
    }
}
