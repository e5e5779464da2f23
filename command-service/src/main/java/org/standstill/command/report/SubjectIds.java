package org.standstill.command.report;

import com.uber.h3core.H3Core;
import org.standstill.api.report.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Subject identity (DOMAIN.md): an id a reporter picked is used as given; otherwise businesses and
 * workplaces are the day + normalized name + H3 cell (resolution 9) of the location, and rallies
 * the day + normalized name. Two reporters naming the same shop at the same corner hit the same subject.
 */
final class SubjectIds {

    static final int H3_RESOLUTION = 9;
    private static final H3Core H3 = load();
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^\\p{IsAlphabetic}\\p{IsDigit}\\s]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SubjectIds() {
    }

    static String business(String dayId, String name, Location location) {
        return dayId + ":business:" + slug(name) + ":" + cell(location);
    }

    static String workplace(String dayId, String name, Location location) {
        return dayId + ":workplace:" + slug(name) + ":" + cell(location);
    }

    static String rally(String dayId, String name) {
        return dayId + ":rally:" + slug(name);
    }

    /** Lower case, accents stripped, non-alphanumerics removed, spaces collapsed. */
    static String normalize(String name) {
        String stripped = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        String alphanumeric = NOT_ALPHANUMERIC.matcher(stripped.toLowerCase(Locale.ROOT)).replaceAll("");
        return SPACES.matcher(alphanumeric).replaceAll(" ").strip();
    }

    private static String slug(String name) {
        return normalize(name).replace(' ', '-');
    }

    private static String cell(Location location) {
        return H3.latLngToCellAddress(location.lat(), location.lon(), H3_RESOLUTION);
    }

    private static H3Core load() {
        try {
            return H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the H3 native library", e);
        }
    }
}
