package org.standstill.command.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.standstill.api.report.Location;

/** A WGS84 position as a request carries it: both coordinates, each in its range. */
public record LocationRequest(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                              @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {

    public Location toLocation() {
        return new Location(lat, lon);
    }
}
