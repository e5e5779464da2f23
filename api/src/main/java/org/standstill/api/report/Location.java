package org.standstill.api.report;

/** A WGS84 position. */
public record Location(double lat, double lon) {
}
