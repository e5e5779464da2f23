package org.standstill.api.report;

/**
 * The subject of a headcount report, as the reporter named it.
 *
 * @param id an existing subject id the reporter picked, or {@code null}
 */
public record Rally(String id, String name, Location location) {
}
