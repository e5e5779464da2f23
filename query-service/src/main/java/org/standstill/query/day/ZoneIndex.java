package org.standstill.query.day;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.standstill.api.day.Zone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A day's zones for point-in-polygon look-ups. A point on a zone's border belongs to it; where zones
 * overlap, the first zone in the day's order wins; a point in none is {@value #UNZONED}.
 */
public final class ZoneIndex {

    public static final String UNZONED = "unzoned";
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final Map<String, PreparedGeometry> zones = new LinkedHashMap<>();

    public ZoneIndex(List<Zone> zones) {
        GeoJsonReader reader = new GeoJsonReader(GEOMETRY);
        for (Zone zone : zones) {
            try {
                this.zones.put(zone.name(), PreparedGeometryFactory.prepare(reader.read(zone.geometry())));
            } catch (ParseException e) {
                throw new IllegalArgumentException("Zone " + zone.name() + " has no readable geometry", e);
            }
        }
    }

    public String zoneOf(double lat, double lon) {
        Point point = GEOMETRY.createPoint(new Coordinate(lon, lat));
        return zones.entrySet().stream()
                .filter(zone -> zone.getValue().covers(point))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(UNZONED);
    }

    public List<String> names() {
        return List.copyOf(zones.keySet());
    }

    /** The centre of all the zones (of their area), {lat, lon}; null if there are none. */
    public double[] centre() {
        if (zones.isEmpty()) {
            return null;
        }
        Point centre = GEOMETRY.buildGeometry(zones.values().stream().map(PreparedGeometry::getGeometry).toList())
                .getCentroid();
        return centre.isEmpty() ? null : new double[]{centre.getY(), centre.getX()};
    }
}
