package org.standstill.bench.simulator;

import org.standstill.bench.Api;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The national scenario: May Day 2026 in many metro areas of four time zones, played into one campaign. Each city's
 * day is the Twin Cities day (SCENARIO.md) moved to the city — its places shifted, its own zones, reporters and
 * rhythm at its own local hours — the model city at full size and the others smaller by rank. Beyond the 40 metros
 * listed, further cities are suburbs of them (a metro's "area 2", 40 to 90 km out), up to 300.
 */
public final class National {

    /** A metro area: where it is, its time zone, and its rank by size (1: the largest). */
    public record Metro(String name, String timeZone, double lat, double lon) {
    }

    static final Metro MODEL = new Metro("Minneapolis–St Paul", "America/Chicago", 44.9778, -93.2650);
    static final List<Metro> METROS = List.of(MODEL,
            new Metro("New York", "America/New_York", 40.7128, -74.0060),
            new Metro("Los Angeles", "America/Los_Angeles", 34.0522, -118.2437),
            new Metro("Chicago", "America/Chicago", 41.8781, -87.6298),
            new Metro("Dallas", "America/Chicago", 32.7767, -96.7970),
            new Metro("Houston", "America/Chicago", 29.7604, -95.3698),
            new Metro("Washington", "America/New_York", 38.9072, -77.0369),
            new Metro("Philadelphia", "America/New_York", 39.9526, -75.1652),
            new Metro("Miami", "America/New_York", 25.7617, -80.1918),
            new Metro("Atlanta", "America/New_York", 33.7490, -84.3880),
            new Metro("Boston", "America/New_York", 42.3601, -71.0589),
            new Metro("Phoenix", "America/Phoenix", 33.4484, -112.0740),
            new Metro("San Francisco", "America/Los_Angeles", 37.7749, -122.4194),
            new Metro("Detroit", "America/Detroit", 42.3314, -83.0458),
            new Metro("Seattle", "America/Los_Angeles", 47.6062, -122.3321),
            new Metro("San Diego", "America/Los_Angeles", 32.7157, -117.1611),
            new Metro("Tampa", "America/New_York", 27.9506, -82.4572),
            new Metro("Denver", "America/Denver", 39.7392, -104.9903),
            new Metro("Baltimore", "America/New_York", 39.2904, -76.6122),
            new Metro("St. Louis", "America/Chicago", 38.6270, -90.1994),
            new Metro("Orlando", "America/New_York", 28.5383, -81.3792),
            new Metro("Charlotte", "America/New_York", 35.2271, -80.8431),
            new Metro("San Antonio", "America/Chicago", 29.4241, -98.4936),
            new Metro("Portland", "America/Los_Angeles", 45.5152, -122.6784),
            new Metro("Sacramento", "America/Los_Angeles", 38.5816, -121.4944),
            new Metro("Pittsburgh", "America/New_York", 40.4406, -79.9959),
            new Metro("Austin", "America/Chicago", 30.2672, -97.7431),
            new Metro("Las Vegas", "America/Los_Angeles", 36.1699, -115.1398),
            new Metro("Cincinnati", "America/New_York", 39.1031, -84.5120),
            new Metro("Kansas City", "America/Chicago", 39.0997, -94.5786),
            new Metro("Columbus", "America/New_York", 39.9612, -82.9988),
            new Metro("Indianapolis", "America/Indiana/Indianapolis", 39.7684, -86.1581),
            new Metro("Cleveland", "America/New_York", 41.4993, -81.6944),
            new Metro("San Jose", "America/Los_Angeles", 37.3382, -121.8863),
            new Metro("Nashville", "America/Chicago", 36.1627, -86.7816),
            new Metro("Milwaukee", "America/Chicago", 43.0389, -87.9065),
            new Metro("Salt Lake City", "America/Denver", 40.7608, -111.8910),
            new Metro("Albuquerque", "America/Denver", 35.0844, -106.6504),
            new Metro("New Orleans", "America/Chicago", 29.9511, -90.0715),
            new Metro("Raleigh", "America/New_York", 35.7796, -78.6382));
    static final int MAX_CITIES = 300;
    /** May Day 2026: the historical clock's date. */
    static final LocalDate MAY_DAY = LocalDate.of(2026, 5, 1);

    /** The first {@code n} cities: the metros by rank, then suburbs of them in turn. */
    public static List<Metro> cities(int n) {
        if (n < 1 || n > MAX_CITIES) {
            throw new IllegalArgumentException("--cities must be from 1 to " + MAX_CITIES);
        }
        List<Metro> cities = new ArrayList<>(METROS.subList(0, Math.min(n, METROS.size())));
        for (int i = METROS.size(); i < n; i++) {
            Metro metro = METROS.get(i % METROS.size());
            int area = 2 + i / METROS.size() - 1;
            double bearing = 2 * Math.PI * ((i * 0.618034) % 1);
            double km = 40 + 50 * ((i * 0.414214) % 1);
            double lat = metro.lat() + km / 111.0 * Math.sin(bearing);
            double lon = metro.lon() + km / (111.0 * Math.cos(Math.toRadians(metro.lat()))) * Math.cos(bearing);
            cities.add(new Metro(metro.name() + " area " + area, metro.timeZone(), TwinCities.round(lat),
                    TwinCities.round(lon)));
        }
        return cities;
    }

    /** A city's share of the model day's businesses and reporters: 1 for the model, then smaller by rank. */
    static double size(int rank) {
        return rank == 0 ? 1 : Math.max(0.08, 0.6 / Math.sqrt(rank));
    }

    private final PrintStream out;
    /** The position of the last event the players stored. */
    private long last;

    National(PrintStream out) {
        this.out = out;
    }

    /** One city's played day. */
    record City(Metro metro, String dayId, Scenario scenario, DayClock clock) {
    }

    /** Creates the campaign, plans each city's day into it, and plays them all at once; answers the campaign's id. */
    String play(Simulation.Options options, URI commandUrl, URI queryUrl, String adminToken, boolean closeAtEnd)
            throws Exception {
        Api command = new Api(commandUrl);
        Api query = new Api(queryUrl);
        String coordinator = Simulation.issue(command, adminToken, "national desk");
        String stamp = Long.toString(System.currentTimeMillis() / 1000, 36);
        String campaign = "mayday-2026-" + stamp;
        Simulation.require(command.post("/api/campaigns", coordinator,
                Map.of("id", campaign, "name", "May Day 2026 (simulated)")), 201, "create the campaign");
        List<Metro> metros = cities(options.cities());
        Instant now = Instant.now();
        DayClock.Kind kind = options.clockKind();
        // Each city's day at its own local hours: 06:00 comes first in the east.
        int westmost = metros.stream().mapToInt(m -> offsetSeconds(m, now)).min().orElse(0);
        long eastmost = metros.stream().mapToInt(m -> offsetSeconds(m, now)).max().orElse(0) - westmost;
        List<City> cities = new ArrayList<>();
        for (int i = 0; i < metros.size(); i++) {
            Metro metro = metros.get(i);
            double share = size(i);
            Scenario scenario = Scenario.twinCities(options.seed() + i, (int) Math.round(options.businesses() * share),
                            Math.max(10, (int) Math.round(options.reporters() * share)))
                    .movedTo(metro.name(), metro.lat() - MODEL.lat(), metro.lon() - MODEL.lon());
            long east = offsetSeconds(metro, now) - westmost; // how much earlier its day starts than the westmost's
            DayClock clock = switch (kind) {
                case LIVE -> {
                    // the eastmost city's day starts now, each other one as much later as its 06:00 comes later
                    DayClock base = DayClock.of(kind, options.speed(), now);
                    Instant zero = now.plusMillis(Math.round((eastmost - east) * 1000 * base.compression()));
                    yield new DayClock(zero, base.compression(), zero, options.speed());
                }
                case RECENT -> new DayClock(DayClock.of(kind, options.speed(), now).zero().minusSeconds(east), 1, now,
                        options.speed());
                case HISTORICAL -> new DayClock(MAY_DAY.atTime(LocalTime.of(6, 0)).atZone(ZoneId.of(metro.timeZone()))
                        .toInstant(), 1, now, options.speed());
            };
            String dayId = slug(metro.name()) + "-2026-05-01-" + stamp;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", dayId);
            body.put("name", "May Day in " + metro.name() + " (simulated)");
            body.put("city", metro.name());
            body.put("timeZone", metro.timeZone());
            body.put("startsAt", clock.startsAt().toString());
            body.put("endsAt", clock.endsAt().toString());
            body.put("zones", zones(metro));
            body.put("location", Map.of("lat", metro.lat(), "lon", metro.lon()));
            body.put("campaignId", campaign);
            Simulation.require(command.post("/api/days", coordinator, body), 201, "plan " + dayId);
            Simulation.require(command.post("/api/days/" + dayId + "/opening", coordinator, ""), 200, "open " + dayId);
            cities.add(new City(metro, dayId, scenario, clock));
        }
        int requests = cities.stream().mapToInt(c -> c.scenario().actions.size()).sum();
        out.printf("Campaign %s: %d cities in %d time zones, %d requests in all.%n", campaign, cities.size(),
                metros.stream().map(Metro::timeZone).distinct().count(), requests);
        out.printf("Sign in to %s with this COORDINATOR token to watch it live:%n  %s%n",
                queryUrl.resolve("/national.html?campaign=" + campaign), coordinator);

        ExecutorService players = Executors.newFixedThreadPool(Math.min(cities.size(), 64), r -> {
            Thread t = new Thread(r, "city");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Player.Outcome>> outcomes = new ArrayList<>();
            last = 0;
            for (int i = 0; i < cities.size(); i++) {
                City city = cities.get(i);
                Simulation simulation = new Simulation(out);
                // The model city's reporters join through invites, the others' are issued tokens, for a quick start.
                List<String> tokens = new ArrayList<>(i == 0
                        ? simulation.enrol(command, adminToken, coordinator, city.dayId(), city.scenario().reporters,
                        city.clock().endsAt().plus(Duration.ofHours(12)))
                        : standIns(command, adminToken, city));
                for (int d = 0; d < Scenario.COORDINATORS; d++) {
                    tokens.add(Simulation.issue(command, adminToken, city.metro().name() + " desk " + (d + 1)));
                }
                int threads = Math.max(2, (int) Math.round(options.threads() * size(i)));
                outcomes.add(players.submit(() -> {
                    Duration wait = Duration.between(Instant.now(), city.clock().playStart());
                    if (!wait.isNegative() && options.speed() > 0) {
                        Thread.sleep(wait.toMillis());
                    }
                    return new Player(command, city.scenario(), city.clock(), threads).play(city.dayId(), tokens);
                }));
            }
            long sent = 0;
            long errors = 0;
            for (Future<Player.Outcome> outcome : outcomes) {
                sent += outcome.get().requests();
                errors += outcome.get().errors();
                last = Math.max(last, outcome.get().maxPosition());
            }
            out.printf("%nPlayed %d requests into %d cities, %d unexpected answers.%n", sent, cities.size(), errors);
        } finally {
            players.shutdownNow();
        }
        JsonNode tally = query.get("/api/campaigns/" + campaign + "/tally", coordinator).body();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
             tally.path("position").asLong() < last && System.nanoTime() < deadline; ) {
            Thread.sleep(200); // until the read side has every report played
            tally = query.get("/api/campaigns/" + campaign + "/tally", coordinator).body();
        }
        out.println("National tally (ALL mode): " + Simulation.describe(tally.path("totals")));
        if (closeAtEnd) {
            for (City city : cities) {
                Simulation.closeAtItsEnd(command, new Simulation.Played(city.dayId(), coordinator, city.scenario(),
                        city.clock(), null), out);
            }
        }
        return campaign;
    }

    private static int offsetSeconds(Metro metro, Instant at) {
        return ZoneId.of(metro.timeZone()).getRules().getOffset(at).getTotalSeconds();
    }

    /** Reporter tokens for a city's reporters, each its own pseudonym. */
    private static List<String> standIns(Api command, String adminToken, City city) {
        List<String> tokens = new ArrayList<>();
        for (int r = 0; r < city.scenario().reporters; r++) {
            tokens.add(Simulation.issue(command, adminToken, city.metro().name() + " reporter " + (r + 1)));
        }
        return tokens;
    }

    /** The model day's zones moved to the city. */
    private static Map<String, Object> zones(Metro metro) {
        double dLat = metro.lat() - MODEL.lat();
        double dLon = metro.lon() - MODEL.lon();
        List<Object> features = new ArrayList<>();
        for (TwinCities.Zone z : TwinCities.ZONES) {
            features.add(new TwinCities.Zone(z.name().replace("St Paul", metro.name()), z.south() + dLat, z.west() + dLon,
                    z.north() + dLat, z.east() + dLon).feature());
        }
        return Map.of("type", "FeatureCollection", "features", features);
    }

    public static String slug(String name) {
        String slug = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 40 ? slug.substring(0, 40) : slug;
    }
}
