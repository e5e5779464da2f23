package org.standstill.command.limit;

import org.standstill.platform.RateLimits.Rate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what one caller may send to the command API ({@code standstill.limits}, defaults in
 * {@code application.yml}; e.g. {@code STANDSTILL_LIMITS_REPORTER_PER_SECOND} in the environment).
 *
 * @param maxBody   the largest request body taken
 * @param maxZones  the largest body that plans a day or replaces its zones (a city's GeoJSON districts)
 * @param maxBatch  the largest batch of reports (up to 500 of them)
 * @param reporter  the rate of each REPORTER token
 * @param staff     the rate of each COORDINATOR or ADMIN token (and any other staff token)
 * @param anonymous the rate of each client address calling without a token ({@code /api/join})
 */
@ConfigurationProperties("standstill.limits")
record LimitProperties(DataSize maxBody, DataSize maxZones, DataSize maxBatch, Rate reporter, Rate staff,
                       Rate anonymous) {

    LimitProperties {
        if (maxBody == null || maxZones == null || maxBatch == null || reporter == null || staff == null
                || anonymous == null) {
            throw new IllegalStateException(
                    "standstill.limits needs max-body, max-zones, max-batch, reporter, staff and anonymous");
        }
    }
}
