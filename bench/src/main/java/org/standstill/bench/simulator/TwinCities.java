package org.standstill.bench.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Places of the reference day (SCENARIO.md): Minneapolis–St Paul, Friday 23 January 2026. The zones are rectangles
 * named after real districts, approximate (good enough for a demo map, not for anything else).
 */
public final class TwinCities {

    /** A rectangular zone: its name and its bounds in WGS84 degrees. */
    public record Zone(String name, double south, double west, double north, double east) {

        /** The zone as a GeoJSON Feature with a Polygon geometry. */
        public Map<String, Object> feature() {
            List<List<Double>> ring = List.of(List.of(west, south), List.of(east, south), List.of(east, north),
                    List.of(west, north), List.of(west, south));
            return Map.of("type", "Feature", "properties", Map.of("name", name, "approximate", true),
                    "geometry", Map.of("type", "Polygon", "coordinates", List.of(ring)));
        }

        boolean contains(double lat, double lon) {
            return lat >= south && lat <= north && lon >= west && lon <= east;
        }
    }

    /** A named point of the day. */
    public record Place(String name, double lat, double lon) {
    }

    public static final Place TARGET_CENTER = new Place("Target Center", 44.9795, -93.2761);
    public static final Place CITY_HALL = new Place("Minneapolis City Hall", 44.9772, -93.2654);
    public static final Place AIRPORT_T1 = new Place("MSP Airport Terminal 1", 44.8820, -93.2052);
    public static final Place LAKE_STREET = new Place("Lake Street corridor", 44.9483, -93.2600);
    public static final Place KARMEL_MALL = new Place("Karmel Mall", 44.9530, -93.2875);
    public static final Place UNIVERSITY = new Place("University of Minnesota", 44.9740, -93.2277);
    public static final Place DOWNTOWN_ST_PAUL = new Place("Downtown St Paul", 44.9537, -93.0900);
    public static final Place HMONGTOWN = new Place("Hmongtown Marketplace", 44.9766, -93.1077);
    public static final Place CAPITOL = new Place("Minnesota State Capitol", 44.9551, -93.1022);

    /** The day's zones, with the share of the day's businesses in each (the rest are suburban, unzoned). */
    public static final List<Zone> ZONES = List.of(
            new Zone("Downtown", 44.9700, -93.2850, 44.9880, -93.2580),
            new Zone("Lake Street", 44.9430, -93.3000, 44.9550, -93.2150),
            new Zone("Northeast", 44.9900, -93.2750, 45.0150, -93.2300),
            new Zone("University", 44.9650, -93.2450, 44.9850, -93.2150),
            new Zone("Downtown St Paul", 44.9400, -93.1040, 44.9580, -93.0800),
            new Zone("Frogtown/Midway", 44.9580, -93.1800, 44.9850, -93.1040),
            new Zone("Airport", 44.8700, -93.2300, 44.8950, -93.1900));
    static final double[] BUSINESS_SHARE = {0.15, 0.30, 0.12, 0.08, 0.10, 0.15, 0.03}; // suburbs: the remaining 7 %

    /** The GeoJSON FeatureCollection of the zones, for POST /api/days. */
    public static Map<String, Object> zonesGeoJson() {
        List<Object> features = new ArrayList<>();
        ZONES.forEach(zone -> features.add(zone.feature()));
        return Map.of("type", "FeatureCollection", "features", features);
    }

    private TwinCities() {
    }

    /** A random point inside {@code zone}, rounded to about 1 m. */
    static double[] pointIn(Zone zone, Random random) {
        return new double[]{round(zone.south + random.nextDouble() * (zone.north - zone.south)),
                round(zone.west + random.nextDouble() * (zone.east - zone.west))};
    }

    /** A random suburban point: in the metro area, outside every zone. */
    static double[] suburb(Random random) {
        while (true) {
            double lat = round(44.80 + random.nextDouble() * 0.35);
            double lon = round(-93.50 + random.nextDouble() * 0.55);
            if (ZONES.stream().noneMatch(z -> z.contains(lat, lon))) {
                return new double[]{lat, lon};
            }
        }
    }

    /** Near a place: within about {@code meters}. */
    static double[] near(Place place, double meters, Random random) {
        double dLat = (random.nextDouble() * 2 - 1) * meters / 111_000.0;
        double dLon = (random.nextDouble() * 2 - 1) * meters / 78_700.0;
        return new double[]{round(place.lat() + dLat), round(place.lon() + dLon)};
    }

    public static double round(double degrees) {
        return Math.round(degrees * 100_000) / 100_000.0;
    }

    // Name pools for small proprietors: "<first> <second>" plus, when needed, a street to tell them apart.
    public static final String[] FIRST = {"Blue Door", "Midtown", "Golden", "Sabo", "Pho", "Mercado", "Northern", "Maria's",
            "Lake", "Corner", "Hmong", "Somali", "Twin", "Riverside", "Cedar", "Karmel", "East Side", "Sunrise",
            "Old Town", "Little", "Prairie", "Mississippi", "Uptown", "Powderhorn", "Seward", "Phillips", "Como",
            "Selby", "University Ave", "Grand", "Payne", "Arlington", "Frogtown", "Dale Street", "Snelling", "Hamline",
            "Franklin", "Bloomington Ave", "Nicollet", "Chicago Ave", "Hiawatha", "Minnehaha", "Longfellow", "Whittier"};
    static final String[] RETAIL = {"Market", "Grocery", "Hardware", "Books", "Boutique", "Pharmacy", "Tienda",
            "Halal Market", "Phone Repair", "Thrift", "Records", "Florist", "Bike Shop", "Jewelry", "Carniceria"};
    static final String[] FOOD = {"Cafe", "Bakery", "Taqueria", "Diner", "Pho House", "Grill", "Kitchen", "Coffee",
            "Restaurant", "Deli", "Noodle Bar", "Pizzeria", "Tea House", "Brewery", "Supper Club"};
    static final String[] OTHER = {"Barbershop", "Salon", "Laundromat", "Tax Service", "Auto Repair", "Tailor",
            "Print Shop", "Dental Clinic", "Law Office", "Day Spa", "Insurance", "Travel Agency"};
    static final String[] STREETS = {"Lake St", "Nicollet Ave", "Central Ave", "University Ave", "Cedar Ave",
            "Chicago Ave", "Hennepin Ave", "Franklin Ave", "Selby Ave", "Grand Ave", "Payne Ave", "Snelling Ave",
            "Broadway", "Washington Ave", "Dale St", "Rice St", "W 7th St", "E 38th St"};

    static final List<String> MUSEUMS = List.of("Walker Art Center", "Minneapolis Institute of Art",
            "Science Museum of Minnesota", "Minnesota History Center", "Weisman Art Museum", "Mill City Museum",
            "Bell Museum", "Minnesota Children's Museum", "American Swedish Institute", "Museum of Russian Art");
    static final List<String> THEATRES = List.of("Guthrie Theater", "Orpheum Theatre", "State Theatre",
            "Fitzgerald Theater", "Ordway Center", "Pantages Theatre", "Children's Theatre Company", "Penumbra Theatre",
            "Mixed Blood Theatre", "Jungle Theater", "Parkway Theater", "Southern Theater");
}
