package org.standstill.api.report;

/**
 * The subject of a walkout report, as the reporter named it.
 *
 * @param id an existing subject id the reporter picked, or {@code null}
 */
public record Workplace(String id, String name, String employer, Location location, Sector sector) {
}
