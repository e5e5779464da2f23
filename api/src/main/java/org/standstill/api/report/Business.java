package org.standstill.api.report;

/**
 * The subject of a closure report, as the reporter named it.
 *
 * @param id an existing subject id the reporter picked, or {@code null}
 */
public record Business(String id, String name, String address, Location location, Sector sector) {
}
