package org.standstill.api.day;

/**
 * A named zone of a day of action (a neighbourhood or district).
 *
 * @param name     the zone's name, unique within its day
 * @param geometry the zone's GeoJSON geometry (Polygon or MultiPolygon), as JSON text
 */
public record Zone(String name, String geometry) {
}
