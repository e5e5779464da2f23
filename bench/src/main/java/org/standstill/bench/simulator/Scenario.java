package org.standstill.bench.simulator;

import org.standstill.bench.simulator.TwinCities.Place;
import org.standstill.bench.simulator.TwinCities.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A generated day of action modelled on Minneapolis–St Paul, 23 January 2026 (SCENARIO.md): what each reporter and
 * coordinator sends, and when, as seconds from 06:00 local time. The same seed gives the same day, down to the report
 * ids. Mostly small businesses closing, big employers with sick-outs, museums and theatres closed, schools shut and
 * student walkouts, a downtown march to the Target Center that grows to tens of thousands with estimates that
 * disagree (organizers, press, police, density counts), and a blockade of Terminal 1 at the airport. With the noise of
 * a real day: retries of the same report, corrections, retractions, verdicts, disagreeing and disputed reports, and
 * reports sent late from a bad connection.
 */
public final class Scenario {

    /** 06:00 America/Chicago on the reference day; the day runs 16 hours, to 22:00. */
    public static final Instant REFERENCE_START = Instant.parse("2026-01-23T12:00:00Z");
    public static final long DAY_SECONDS = 16 * 3600;
    public static final int COORDINATORS = 2;

    public enum Step { SUBMIT, RETRY, CORRECT, RETRACT, VERDICT }

    /**
     * One request of the day. {@code actor} is a reporter (0 to reporters − 1) or a coordinator desk (reporters and
     * up). {@code body} is the request body without {@code observedAt}, which the player adds from {@code observedAt}
     * (seconds from 06:00) for submissions and their retries. {@code before} is the previous action on the same
     * report, which must be answered first.
     */
    public record Action(int seq, long sendAt, long observedAt, int actor, Step step, UUID reportId, String kind,
                         Map<String, Object> body, Action before) {
    }

    /** What the generator decided, for the summary. */
    public record Counts(int businesses, int workplaces, int rallies, int reports, int retries, int corrections,
                         int retractions, int verdicts, int delayed) {
    }

    public final long seed;
    public final int reporters;
    public final List<Action> actions;
    public final Counts counts;

    private Scenario(long seed, int reporters, List<Action> actions, Counts counts) {
        this.seed = seed;
        this.reporters = reporters;
        this.actions = actions;
        this.counts = counts;
    }

    public int actors() {
        return reporters + COORDINATORS;
    }

    /** The Twin Cities day with about {@code businesses} businesses and {@code reporters} reporters (at least 10). */
    public static Scenario twinCities(long seed, int businesses, int reporters) {
        if (reporters < 10) {
            throw new IllegalArgumentException("at least 10 reporters");
        }
        return new Generator(seed, Math.max(50, businesses), reporters).generate();
    }

    /**
     * This day moved to another city: every place shifted by ({@code dLat}, {@code dLon}) degrees and every name that
     * names the Twin Cities naming {@code city} instead; the rhythm, the reporters and the report ids as they are.
     */
    public Scenario movedTo(String city, double dLat, double dLon) {
        java.util.IdentityHashMap<Action, Action> moved = new java.util.IdentityHashMap<>();
        List<Action> actions = new ArrayList<>(this.actions.size());
        for (Action a : this.actions) {
            Action m = new Action(a.seq(), a.sendAt(), a.observedAt(), a.actor(), a.step(), a.reportId(), a.kind(),
                    moved(a.body(), city, dLat, dLon), a.before() == null ? null : moved.get(a.before()));
            moved.put(a, m);
            actions.add(m);
        }
        return new Scenario(seed, reporters, actions, counts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> moved(Map<String, Object> body, String city, double dLat, double dLon) {
        if (body == null) {
            return null;
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        body.forEach((key, value) -> {
            if (key.equals("location") && value instanceof Map<?, ?> location) {
                copy.put(key, Generator.location(new double[]{
                        TwinCities.round(((Number) location.get("lat")).doubleValue() + dLat),
                        TwinCities.round(((Number) location.get("lon")).doubleValue() + dLon)}));
            } else if (key.equals("name") && value instanceof String name) {
                copy.put(key, name.replace("Minneapolis", city).replace("St Paul", city).replace("Minnesota", city));
            } else if (value instanceof Map<?, ?> nested) {
                copy.put(key, moved((Map<String, Object>) nested, city, dLat, dLon));
            } else if (value instanceof List<?> list) {
                copy.put(key, list.stream().map(v -> v instanceof Map<?, ?> m
                        ? moved((Map<String, Object>) m, city, dLat, dLon) : v).toList());
            } else {
                copy.put(key, value);
            }
        });
        return copy;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** A draft of an action, before actions are sorted and numbered. */
    private static final class Draft {
        final long sendAt;
        final long observedAt;
        final int actor;
        final Step step;
        final UUID reportId;
        final String kind;
        final Map<String, Object> body;
        final long order; // tie-break: creation order

        Draft(long sendAt, long observedAt, int actor, Step step, UUID reportId, String kind, Map<String, Object> body,
              long order) {
            this.sendAt = sendAt;
            this.observedAt = observedAt;
            this.actor = actor;
            this.step = step;
            this.reportId = reportId;
            this.kind = kind;
            this.body = body;
            this.order = order;
        }
    }

    private static final class Generator {
        // Noise of a real day, as shares of reports.
        static final double RETRY = 0.06;
        static final double CORRECTION = 0.06;
        static final double RETRACTION = 0.02;
        static final double VERIFIED = 0.25;
        static final double DISPUTED = 0.03;
        static final double LATE = 0.05;

        final long seed;
        final Random random;
        final int businesses;
        final int reporters;
        final List<Draft> drafts = new ArrayList<>();
        final Map<Step, Integer> steps = new EnumMap<>(Step.class);
        final List<List<Integer>> byZone = new ArrayList<>(); // neighbourhood reporters of each zone; last: suburbs
        final List<Integer> crowdReporters = new ArrayList<>();
        int reports;
        int delayed;
        int workplaces;
        int rallies;
        int businessCount;

        Generator(long seed, int businesses, int reporters) {
            this.seed = seed;
            this.random = new Random(seed);
            this.businesses = businesses;
            this.reporters = reporters;
            int neighbourhood = (int) Math.round(reporters * 0.7);
            for (int z = 0; z <= TwinCities.ZONES.size(); z++) {
                byZone.add(new ArrayList<>());
            }
            for (int r = 0; r < reporters; r++) {
                if (r < neighbourhood) {
                    byZone.get(r % byZone.size()).add(r);
                } else {
                    crowdReporters.add(r);
                }
            }
        }

        Scenario generate() {
            namedPlaces();
            smallBusinesses();
            bigEmployers();
            schoolsAndStudents();
            workplaces();
            rallies();
            return build();
        }

        // --- subjects ------------------------------------------------------------------------------------------

        void namedPlaces() {
            business("Karmel Mall", TwinCities.KARMEL_MALL.lat(), TwinCities.KARMEL_MALL.lon(), "RETAIL", "CLOSED",
                    "OWNER_SOLIDARITY", 3, zoneIndex("Lake Street"), "Somali mall, every stall shut");
            business("Hmongtown Marketplace", TwinCities.HMONGTOWN.lat(), TwinCities.HMONGTOWN.lon(), "RETAIL", "CLOSED",
                    "OWNER_SOLIDARITY", 2, zoneIndex("Frogtown/Midway"), "Hmong market closed for the day");
            for (Place museum : TwinCities.MUSEUMS) {
                double[] p = TwinCities.near(museum, 40, random);
                business(museum.name(), p[0], p[1], "CULTURE", "CLOSED", "WORKER_ACTION", 1 + random.nextInt(2), zoneOf(p),
                        "staff organised in OPEIU / AFSCME");
            }
            for (Place theatre : TwinCities.THEATRES) {
                double[] p = TwinCities.near(theatre, 40, random);
                business(theatre.name(), p[0], p[1], "CULTURE", "CLOSED",
                        random.nextBoolean() ? "WORKER_ACTION" : "OWNER_SOLIDARITY", 1, zoneOf(p), "dark tonight");
            }
        }

        void smallBusinesses() {
            int manufacturing = businesses / 20;
            int small = Math.max(0, businesses - businessCount - manufacturing - 12);
            for (int i = 0; i < small; i++) {
                int zone = pick(TwinCities.BUSINESS_SHARE);
                double[] p = zone < TwinCities.ZONES.size() ? TwinCities.pointIn(TwinCities.ZONES.get(zone), random)
                        : TwinCities.suburb(random);
                double kind = random.nextDouble();
                String sector;
                String[] pool;
                if (kind < 0.38) {
                    sector = "RETAIL";
                    pool = TwinCities.RETAIL;
                } else if (kind < 0.75) {
                    sector = random.nextDouble() < 0.85 ? "FOOD_SERVICE" : "HOSPITALITY";
                    pool = TwinCities.FOOD;
                } else {
                    sector = new String[]{"OTHER", "OFFICE", "HEALTHCARE", "CONSTRUCTION"}[random.nextInt(4)];
                    pool = TwinCities.OTHER;
                }
                String name = localName(zone, pool);
                double s = random.nextDouble();
                // Core neighbourhoods: few open; suburbs: more open.
                double open = zone < TwinCities.ZONES.size() ? 0.14 : 0.45;
                String status = s < open ? "OPEN" : s < open + 0.08 ? "PARTIAL" : "CLOSED";
                String reason = status.equals("OPEN") ? null : pickReason();
                business(name, p[0], p[1], sector, status, reason, reportsPerSubject(), zone, null);
            }
            for (int i = 0; i < manufacturing; i++) {
                double[] p = TwinCities.suburb(random);
                String status = random.nextDouble() < 0.8 ? "OPEN" : "PARTIAL";
                business(TwinCities.ANYWHERE[random.nextInt(TwinCities.ANYWHERE.length)] + " "
                                + new String[]{"Plastics", "Metal Works", "Packaging", "Foods", "Electronics"}[random.nextInt(5)]
                                + " plant " + (i + 1), p[0], p[1], "MANUFACTURING", status,
                        status.equals("OPEN") ? null : "WORKER_ACTION", 1, TwinCities.ZONES.size(),
                        status.equals("OPEN") ? "line running" : "night shift stayed out");
            }
        }

        /**
         * A small business's name that fits where it is: a neighbourhood word of its zone or a word from anywhere, its
         * trade, and now and then one of the zone's streets ("Powderhorn Bakery on Lake St" is on the Lake Street zone).
         */
        String localName(int zone, String[] pool) {
            boolean zoned = zone < TwinCities.ZONES.size();
            String[] local = zoned ? TwinCities.LOCAL_WORDS[zone] : new String[0];
            String[] streets = zoned ? TwinCities.LOCAL_STREETS[zone] : new String[0];
            String first = local.length > 0 && random.nextBoolean() ? local[random.nextInt(local.length)]
                    : TwinCities.ANYWHERE[random.nextInt(TwinCities.ANYWHERE.length)];
            String street = streets.length > 0 && random.nextDouble() < 0.5
                    ? " on " + streets[random.nextInt(streets.length)] : "";
            return first + " " + pool[random.nextInt(pool.length)] + street;
        }

        void bigEmployers() {
            String[][] stores = {{"Target Nicollet Mall", "Downtown"}, {"Target Lake Street", "Lake Street"},
                    {"Target Midway", "Frogtown/Midway"}, {"Target Northeast", "Northeast"},
                    {"Target Dinkytown", "University"}, {"Target Downtown St Paul", "Downtown St Paul"}};
            for (String[] store : stores) {
                int zone = zoneIndex(store[1]);
                double[] p = TwinCities.pointIn(TwinCities.ZONES.get(zone), random);
                business(store[0], p[0], p[1], "RETAIL", "PARTIAL", "WORKER_ACTION", 2, zone, "managers opened the store");
                int workforce = 120 + random.nextInt(200);
                walkout(store[0], "Target", p, "RETAIL", "SICKOUT", workforce * (20 + random.nextInt(40)) / 100,
                        workforce, zone, 2, false);
            }
            String[] amazon = {"Amazon MSP1 Shakopee", "Amazon Eagan sortation", "Amazon Maple Grove delivery"};
            for (String facility : amazon) {
                double[] p = TwinCities.suburb(random);
                business(facility, p[0], p[1], "TRANSPORT", "PARTIAL", "WORKER_ACTION", 1, TwinCities.ZONES.size(), null);
                int workforce = 600 + random.nextInt(900);
                walkout(facility, "Amazon", p, "TRANSPORT", "SICKOUT", workforce * (10 + random.nextInt(25)) / 100,
                        workforce, TwinCities.ZONES.size(), 2, false);
            }
        }

        void schoolsAndStudents() {
            for (int i = 0; i < 10; i++) {
                double[] p = TwinCities.pointIn(TwinCities.ZONES.get(random.nextBoolean()
                        ? zoneIndex("Downtown St Paul") : zoneIndex("Frogtown/Midway")), random);
                business("St Paul Public Schools site " + (i + 1), p[0], p[1], "EDUCATION", "CLOSED", "WORKER_ACTION", 1,
                        zoneOf(p), "district shut while educators march");
            }
            for (int i = 0; i < 12; i++) {
                double[] p = cityPoint();
                business("Minneapolis Public Schools site " + (i + 1), p[0], p[1], "EDUCATION", "CLOSED", "PRECAUTION", 1,
                        zoneOf(p), "closed, partly for the cold");
            }
            double[] sp = TwinCities.near(TwinCities.CAPITOL, 300, random);
            walkout("St Paul Federation of Educators", "St Paul Public Schools", sp, "EDUCATION", "WALKOUT", 2800, 3700,
                    zoneOf(sp), 3, false);
            double[] u = TwinCities.near(TwinCities.UNIVERSITY, 200, random);
            walkout("University of Minnesota students", "University of Minnesota", u, "EDUCATION", "STUDENT_WALKOUT",
                    2500, null, zoneOf(u), 3, true);
            for (int i = 0; i < 8; i++) {
                double[] p = random.nextDouble() < 0.5 ? cityPoint() : TwinCities.suburb(random);
                walkout("High school walkout " + (i + 1), null, p, "EDUCATION", "STUDENT_WALKOUT", 50 + random.nextInt(350),
                        null, zoneOf(p), 1, true);
            }
        }

        void workplaces() {
            for (Place hospital : TwinCities.HOSPITALS) {
                double[] p = TwinCities.near(hospital, 60, random);
                int workforce = 300 + random.nextInt(1500);
                walkout(hospital.name(), null, p, "HEALTHCARE", random.nextBoolean() ? "SICKOUT" : "WALKOUT",
                        workforce * (5 + random.nextInt(15)) / 100, workforce, zoneOf(p), 2, true);
            }
            for (int i = 0; i < 12; i++) {
                int zone = random.nextBoolean() ? zoneIndex("Downtown") : zoneIndex("Downtown St Paul");
                double[] p = TwinCities.pointIn(TwinCities.ZONES.get(zone), random);
                int workforce = 60 + random.nextInt(250);
                walkout("Hotel " + (i + 1) + " (SEIU Local 26)", "SEIU Local 26 shop", p, "HOSPITALITY", "WALKOUT",
                        workforce * (40 + random.nextInt(50)) / 100, workforce, zone, 2, true);
            }
            double[] a = TwinCities.near(TwinCities.AIRPORT_T1, 400, random);
            walkout("Rideshare drivers at MSP", "Uber/Lyft drivers", a, "TRANSPORT", "WALKOUT", 400, null,
                    zoneIndex("Airport"), 2, true);
            double[] c = TwinCities.near(TwinCities.AIRPORT_T1, 150, random);
            walkout("MSP Terminal 1 concessions", "SEIU Local 26", c, "HOSPITALITY", "WALKOUT", 150, 420,
                    zoneIndex("Airport"), 2, true);
            int assorted = Math.max(10, businesses / 30);
            for (int i = 0; i < assorted; i++) {
                double[] p = random.nextDouble() < 0.8 ? cityPoint() : TwinCities.suburb(random);
                String sector = new String[]{"OFFICE", "GOVERNMENT", "CONSTRUCTION", "TRANSPORT", "OTHER"}[random.nextInt(5)];
                int workforce = 10 + random.nextInt(120);
                walkout(sector.charAt(0) + sector.substring(1).toLowerCase() + " workplace " + (i + 1), null, p, sector,
                        "WALKOUT", Math.max(1, workforce * (20 + random.nextInt(80)) / 100), workforce, zoneOf(p),
                        1 + random.nextInt(2), true);
            }
        }

        // --- crowds --------------------------------------------------------------------------------------------

        void rallies() {
            // Downtown march converging on the Target Center: grows from 10:30 to a peak near 14:00, gone by 17:00.
            rally("Downtown march to the Target Center", TwinCities.TARGET_CENTER, 4.5 * 3600, 8 * 3600, 11 * 3600,
                    62_000, Math.max(6, crowdReporters.size() * 6 / 10));
            rally("MSP Terminal 1 blockade", TwinCities.AIRPORT_T1, 2 * 3600, 3.5 * 3600, 6.5 * 3600, 350,
                    Math.max(2, crowdReporters.size() / 10));
            rally("State Capitol rally", TwinCities.CAPITOL, 6 * 3600, 7.5 * 3600, 9 * 3600, 4_000,
                    Math.max(2, crowdReporters.size() / 8));
            rally("University walkout rally", TwinCities.UNIVERSITY, 5 * 3600, 5.8 * 3600, 7 * 3600, 2_500,
                    Math.max(2, crowdReporters.size() / 8));
        }

        /** The true crowd rises linearly from {@code from} to its peak at {@code peakAt} and falls to zero at {@code to}. */
        void rally(String name, Place place, double from, double peakAt, double to, int peak, int reporterCount) {
            rallies++;
            Map<String, Object> rally = new LinkedHashMap<>();
            rally.put("name", name);
            rally.put("location", location(TwinCities.near(place, 50, random)));
            List<Integer> chosen = choose(crowdReporters.isEmpty() ? allReporters() : crowdReporters, reporterCount);
            String[] methods = {"DENSITY_ESTIMATE", "DENSITY_ESTIMATE", "COUNTED", "ORGANIZER_CLAIM", "MEDIA", "MEDIA",
                    "POLICE", "AERIAL"};
            for (int i = 0; i < chosen.size(); i++) {
                int reporter = chosen.get(i);
                String method = methods[i % methods.length];
                // How each source tends to see it: organizers say ~100,000 at the peak, one magazine 75,000, the
                // socialist press "over 50,000", the police far fewer.
                double bias = switch (method) {
                    case "ORGANIZER_CLAIM" -> 1.6;
                    case "MEDIA" -> i % 2 == 0 ? 1.2 : 0.85;
                    case "POLICE" -> 0.5;
                    case "COUNTED" -> 0.8;
                    default -> 1.0;
                };
                long t = (long) (from + random.nextDouble() * 1800);
                while (t < to) {
                    double fraction = t < peakAt ? (t - from) / (peakAt - from) : (to - t) / (to - peakAt);
                    double seen = peak * Math.max(0.005, fraction) * bias * (1 + random.nextGaussian() * 0.12);
                    int headcount = (int) Math.max(1, roundCrowd(seen));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("kind", "HEADCOUNT");
                    body.put("rally", rally);
                    boolean typo = random.nextDouble() < 0.04 && headcount < 1_000_000;
                    body.put("headcount", typo ? headcount * 10 : headcount);
                    body.put("method", method);
                    if (method.equals("ORGANIZER_CLAIM")) {
                        body.put("note", "organizers' figure");
                    }
                    Map<String, Object> correction = new LinkedHashMap<>();
                    correction.put("headcount", headcount);
                    correction.put("method", method);
                    correction.put("note", "typo: one zero too many");
                    report(reporter, "HEADCOUNT", body, t, typo ? correction : null,
                            method.equals("ORGANIZER_CLAIM") ? 0.4 : DISPUTED);
                    t += 1200 + random.nextInt(1500);
                }
            }
        }

        static double roundCrowd(double n) {
            if (n >= 10_000) {
                return Math.round(n / 1000) * 1000;
            }
            if (n >= 1_000) {
                return Math.round(n / 100) * 100;
            }
            return Math.round(n / 10) * 10;
        }

        // --- reports -------------------------------------------------------------------------------------------

        void business(String name, double lat, double lon, String sector, String status, String reason, int reports,
                      int zone, String note) {
            businessCount++;
            Map<String, Object> business = new LinkedHashMap<>();
            business.put("name", name);
            business.put("location", location(new double[]{lat, lon}));
            business.put("sector", sector);
            List<Integer> chosen = choose(reportersOf(zone), reports);
            long first = morning();
            boolean reopens = status.equals("CLOSED") && random.nextDouble() < 0.05;
            for (int i = 0; i < chosen.size(); i++) {
                long observed = i == 0 ? first : first + 600 + random.nextInt(4 * 3600);
                String said = status;
                boolean disagrees = i > 0 && random.nextDouble() < 0.04;
                if (disagrees) {
                    said = status.equals("OPEN") ? "CLOSED" : "OPEN";
                }
                if (i > 0 && reopens) {
                    said = "OPEN";
                    observed = 8 * 3600 + random.nextInt(3 * 3600); // reopened in the afternoon
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("kind", "CLOSURE");
                body.put("business", business);
                body.put("status", said);
                if (!said.equals("OPEN") && reason != null) {
                    body.put("reason", reason);
                }
                if (note != null && i == 0) {
                    body.put("note", note);
                }
                Map<String, Object> correction = new LinkedHashMap<>();
                correction.put("status", said.equals("CLOSED") ? "PARTIAL" : "CLOSED");
                correction.put("reason", reason == null ? "UNKNOWN" : reason);
                correction.put("note", said.equals("CLOSED") ? "owner came in at noon, half open" : "closed after all");
                report(chosen.get(i), "CLOSURE", body, observed, correction, disagrees ? 0.5 : DISPUTED);
            }
        }

        void walkout(String name, String employer, double[] p, String sector, String type, int participants,
                     Integer workforce, int zone, int reports, boolean mayEnd) {
            workplaces++;
            Map<String, Object> workplace = new LinkedHashMap<>();
            workplace.put("name", name);
            if (employer != null) {
                workplace.put("employer", employer);
            }
            workplace.put("location", location(p));
            workplace.put("sector", sector);
            List<Integer> chosen = choose(reportersOf(zone), reports);
            long t = morning();
            for (int i = 0; i < chosen.size(); i++) {
                int seen = Math.max(1, (int) (participants * (i == 0 ? 0.6 + random.nextDouble() * 0.3 : 1.0)));
                if (workforce != null) {
                    seen = Math.min(seen, workforce);
                }
                walkoutReport(chosen.get(i), workplace, type, seen, workforce, t);
                t += 1800 + random.nextInt(3 * 3600);
            }
            if (mayEnd && random.nextDouble() < 0.3) {
                // Back at work in the evening: 0 participants.
                walkoutReport(chosen.get(0), workplace, type, 0, workforce, 11 * 3600 + random.nextInt(2 * 3600));
            }
        }

        void walkoutReport(int reporter, Map<String, Object> workplace, String type, int participants, Integer workforce,
                           long observed) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kind", "WALKOUT");
            body.put("workplace", workplace);
            body.put("type", type);
            body.put("participants", participants);
            if (workforce != null) {
                body.put("workforce", workforce);
            }
            Map<String, Object> correction = new LinkedHashMap<>();
            correction.put("type", type);
            int corrected = Math.max(0, participants + (int) ((random.nextDouble() - 0.3) * 0.4 * participants));
            correction.put("participants", workforce == null ? corrected : Math.min(workforce, corrected));
            if (workforce != null) {
                correction.put("workforce", workforce);
            }
            correction.put("note", "recounted at the picket line");
            report(reporter, "WALKOUT", body, observed, correction, DISPUTED);
        }

        /**
         * A report observed at {@code observed} by {@code reporter}, with its noise: maybe sent late, retried,
         * corrected ({@code correction}, if any may be, always if it fixes a typo), retracted, verified or disputed.
         */
        void report(int reporter, String kind, Map<String, Object> content, long observed, Map<String, Object> correction,
                    double disputed) {
            observed = Math.min(DAY_SECONDS - 600, Math.max(0, observed));
            UUID reportId = uuid();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reportId", reportId.toString());
            body.putAll(content);
            long delay = 15 + random.nextInt(120);
            if (random.nextDouble() < LATE) {
                delay = 300 + random.nextInt(1500); // a bad connection: the phone sends it later
                delayed++;
            }
            long sent = observed + delay;
            reports++;
            add(sent, observed, reporter, Step.SUBMIT, reportId, kind, body);
            long last = sent;
            if (random.nextDouble() < RETRY) {
                last = sent + 2 + random.nextInt(30);
                add(last, observed, reporter, Step.RETRY, reportId, kind, body);
            }
            boolean typo = correction != null && "typo: one zero too many".equals(correction.get("note"));
            if (correction != null && (typo || random.nextDouble() < CORRECTION)) {
                Map<String, Object> fix = new LinkedHashMap<>();
                fix.put("correctionId", uuid().toString());
                fix.putAll(correction);
                last = last + (typo ? 60 + random.nextInt(240) : 180 + random.nextInt(2400));
                add(last, observed, reporter, Step.CORRECT, reportId, kind, fix);
            }
            if (random.nextDouble() < RETRACTION) {
                add(last + 300 + random.nextInt(2400), observed, reporter, Step.RETRACT, reportId, kind, Map.of());
                return;
            }
            double v = random.nextDouble();
            if (v < VERIFIED + disputed) {
                Map<String, Object> verdict = new LinkedHashMap<>();
                verdict.put("verdict", v < disputed ? "DISPUTED" : "VERIFIED");
                verdict.put("note", v < disputed ? "does not match other reports" : "confirmed by phone");
                add(last + 300 + random.nextInt(3300), observed, reporters + random.nextInt(COORDINATORS), Step.VERDICT,
                        reportId, kind, verdict);
            }
        }

        void add(long sendAt, long observedAt, int actor, Step step, UUID reportId, String kind, Map<String, Object> body) {
            drafts.add(new Draft(sendAt, observedAt, actor, step, reportId, kind, body, drafts.size()));
            steps.merge(step, 1, Integer::sum);
        }

        Scenario build() {
            drafts.sort(Comparator.comparingLong((Draft d) -> d.sendAt).thenComparingLong(d -> d.order));
            List<Action> actions = new ArrayList<>(drafts.size());
            Map<UUID, Action> lastOfReport = new java.util.HashMap<>();
            for (Draft d : drafts) {
                Action action = new Action(actions.size(), d.sendAt, d.observedAt, d.actor, d.step, d.reportId, d.kind,
                        d.body, lastOfReport.get(d.reportId));
                lastOfReport.put(d.reportId, action);
                actions.add(action);
            }
            Counts counts = new Counts(businessCount, workplaces, rallies, reports, steps.getOrDefault(Step.RETRY, 0),
                    steps.getOrDefault(Step.CORRECT, 0), steps.getOrDefault(Step.RETRACT, 0),
                    steps.getOrDefault(Step.VERDICT, 0), delayed);
            return new Scenario(seed, reporters, List.copyOf(actions), counts);
        }

        // --- helpers -------------------------------------------------------------------------------------------

        /** Most closures are seen in the morning, 06:00 to 11:00, many of them early. */
        long morning() {
            return (long) (Math.pow(random.nextDouble(), 1.6) * 5 * 3600);
        }

        String pickReason() {
            double r = random.nextDouble();
            return r < 0.5 ? "OWNER_SOLIDARITY" : r < 0.75 ? "WORKER_ACTION" : r < 0.95 ? "PRECAUTION" : "UNKNOWN";
        }

        int reportsPerSubject() {
            double r = random.nextDouble();
            return r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
        }

        int pick(double[] shares) {
            double r = random.nextDouble();
            for (int i = 0; i < shares.length; i++) {
                r -= shares[i];
                if (r < 0) {
                    return i;
                }
            }
            return shares.length; // the suburbs
        }

        double[] cityPoint() {
            return TwinCities.pointIn(TwinCities.ZONES.get(random.nextInt(TwinCities.ZONES.size() - 1)), random);
        }

        int zoneIndex(String name) {
            for (int i = 0; i < TwinCities.ZONES.size(); i++) {
                if (TwinCities.ZONES.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(name);
        }

        int zoneOf(double[] p) {
            for (int i = 0; i < TwinCities.ZONES.size(); i++) {
                if (TwinCities.ZONES.get(i).contains(p[0], p[1])) {
                    return i;
                }
            }
            return TwinCities.ZONES.size();
        }

        List<Integer> reportersOf(int zone) {
            List<Integer> local = byZone.get(Math.min(zone, byZone.size() - 1));
            return local.isEmpty() ? allReporters() : local;
        }

        List<Integer> allReporters() {
            List<Integer> all = new ArrayList<>();
            for (int r = 0; r < reporters; r++) {
                all.add(r);
            }
            return all;
        }

        /** {@code n} distinct members of {@code from} (fewer if it is smaller), at random. */
        List<Integer> choose(List<Integer> from, int n) {
            List<Integer> copy = new ArrayList<>(from);
            java.util.Collections.shuffle(copy, random);
            return copy.subList(0, Math.min(n, copy.size()));
        }

        static Map<String, Object> location(double[] p) {
            Map<String, Object> location = new LinkedHashMap<>();
            location.put("lat", p[0]);
            location.put("lon", p[1]);
            return location;
        }

        UUID uuid() {
            return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
        }
    }
}
