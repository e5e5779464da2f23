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

    // Real places at about where they are (to a few hundred metres: good enough for a demo map).
    static final List<Place> MUSEUMS = List.of(new Place("Walker Art Center", 44.9682, -93.2886),
            new Place("Minneapolis Institute of Art", 44.9584, -93.2737),
            new Place("Science Museum of Minnesota", 44.9424, -93.0990),
            new Place("Minnesota History Center", 44.9495, -93.1051),
            new Place("Weisman Art Museum", 44.9733, -93.2373), new Place("Mill City Museum", 44.9789, -93.2573),
            new Place("Bell Museum", 44.9912, -93.1845), new Place("Minnesota Children's Museum", 44.9468, -93.0956),
            new Place("American Swedish Institute", 44.9553, -93.2660),
            new Place("Museum of Russian Art", 44.9036, -93.2748));
    static final List<Place> THEATRES = List.of(new Place("Guthrie Theater", 44.9781, -93.2551),
            new Place("Orpheum Theatre", 44.9770, -93.2756), new Place("State Theatre", 44.9757, -93.2742),
            new Place("Fitzgerald Theater", 44.9484, -93.0973), new Place("Ordway Center", 44.9453, -93.0975),
            new Place("Pantages Theatre", 44.9763, -93.2740), new Place("Children's Theatre Company", 44.9583, -93.2738),
            new Place("Penumbra Theatre", 44.9505, -93.1262), new Place("Mixed Blood Theatre", 44.9690, -93.2481),
            new Place("Jungle Theater", 44.9488, -93.2988), new Place("Parkway Theater", 44.9119, -93.2473),
            new Place("Southern Theater", 44.9728, -93.2475));
    static final List<Place> HOSPITALS = List.of(new Place("Hennepin Healthcare", 44.9727, -93.2618),
            new Place("Abbott Northwestern", 44.9527, -93.2621), new Place("Regions Hospital", 44.9567, -93.0975),
            new Place("M Health Fairview", 44.9679, -93.2369), new Place("Children's Minnesota", 44.9518, -93.2620),
            new Place("United Hospital", 44.9395, -93.1003), new Place("St Joseph's Hospital", 44.9496, -93.0998),
            new Place("North Memorial", 45.0143, -93.3227));

    /** Names that say where a place is, anywhere in the Cities: a small business may take one of these anywhere. */
    static final String[] ANYWHERE = {"Blue Door", "Golden", "Sabo", "Pho", "Mercado", "Maria's", "Corner", "Hmong",
            "Somali", "Twin", "Sunrise", "Little", "Prairie", "Northern", "Old Town"};

    /**
     * Per zone (in the order of {@link #ZONES}), the neighbourhood words and streets a business there may be named
     * after, so that "Powderhorn Bakery on Lake St" sits near Lake Street, not in Northeast. Suburbs get neither.
     */
    static final String[][] LOCAL_WORDS = {
            {"Nicollet", "Hennepin", "Mill City", "Loring"},
            {"Lake", "Powderhorn", "Phillips", "Whittier", "Karmel", "Midtown", "Uptown"},
            {"Northeast", "Central", "Sheridan", "Logan Park"},
            {"Cedar", "Riverside", "Dinkytown", "Seward"},
            {"Lowertown", "Mississippi", "Wabasha", "Rice Park"},
            {"Frogtown", "Midway", "Snelling", "Hamline", "Como", "Dale Street"},
            {"Terminal", "Airport"}};
    static final String[][] LOCAL_STREETS = {
            {"Nicollet Mall", "Hennepin Ave", "Washington Ave"},
            {"Lake St", "Chicago Ave", "Bloomington Ave", "Nicollet Ave", "Cedar Ave"},
            {"Central Ave", "NE Broadway", "University Ave NE"},
            {"University Ave SE", "Washington Ave SE", "Cedar Ave"},
            {"W 7th St", "Wabasha St", "Robert St"},
            {"University Ave", "Dale St", "Snelling Ave", "Rice St"},
            {}};
}
