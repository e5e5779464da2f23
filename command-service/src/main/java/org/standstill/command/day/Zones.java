package org.standstill.command.day;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.standstill.api.day.Zone;
import org.standstill.command.config.Checks;
import org.standstill.command.config.PlainText;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a day's zones from a GeoJSON FeatureCollection of named Polygon/MultiPolygon features. */
final class Zones {

    private static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

    private Zones() {
    }

    /** The zones of {@code collection}, recording every problem against {@code field} in {@code errors}. */
    static List<Zone> read(JsonNode collection, String field, Checks.Errors errors) {
        if (collection == null || collection.isNull()) {
            return List.of();
        }
        if (!"FeatureCollection".equals(collection.path("type").asString(null)) || !collection.path("features").isArray()) {
            errors.add(field, "must be a GeoJSON FeatureCollection");
            return List.of();
        }
        List<Zone> zones = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode feature : collection.path("features")) {
            String at = field + ".features[" + i++ + "]";
            String name = feature.path("properties").path("name").asString("").strip();
            if (name.isEmpty() || name.length() > 100 || !PlainText.Check.isPlain(name, false)) {
                errors.add(at + ".properties.name", "must be a name of 1 to 100 characters, with no control characters");
            } else if (name.equals("unzoned") || !names.add(name)) {
                errors.add(at + ".properties.name", "must be unique within the day and not 'unzoned'");
            }
            String geometry = feature.path("geometry").toString();
            String problem = geometryProblem(geometry);
            if (problem != null) {
                errors.add(at + ".geometry", problem);
            }
            zones.add(new Zone(name, geometry));
        }
        return zones;
    }

    private static String geometryProblem(String geometryJson) {
        try {
            Geometry geometry = new GeoJsonReader().read(geometryJson);
            if (!(geometry.getGeometryType().equals("Polygon") || geometry.getGeometryType().equals("MultiPolygon"))) {
                return "must be a Polygon or MultiPolygon";
            }
            if (!WORLD.contains(geometry.getEnvelopeInternal())) {
                return "coordinates must be [longitude, latitude] within range";
            }
            return geometry.isValid() ? null : "is not a valid polygon (self-intersecting or unclosed ring)";
        } catch (ParseException | RuntimeException e) {
            return "must be a GeoJSON Polygon or MultiPolygon";
        }
    }
}
