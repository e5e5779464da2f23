package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.standstill.bench.TallyOracle.Facts;
import org.standstill.bench.TallyOracle.Kind;
import org.standstill.bench.TallyOracle.Mode;
import org.standstill.bench.TallyOracle.Subject;
import org.standstill.bench.TallyOracle.Zone;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign of four cities' days in three time zones, made from a fixed seed (printed; {@code -Dstandstill.seed=}
 * replays another), against an oracle built from the member days' own oracles ({@link TallyOracle}) and the history
 * of which day belonged to the campaign when (DOMAIN.md, "Campaigns"):
 * <ul>
 *   <li>the east city is planned into the campaign; its crowds gather five hours ago;</li>
 *   <li>the central city is planned into it too, and later moves to another campaign; its crowds gather three hours
 *       ago;</li>
 *   <li>the west city is planned on its own, reports while PLANNED, joins the campaign late and is then opened; its
 *       crowds gather in the hour before the last ten minutes;</li>
 *   <li>a fourth city never joins.</li>
 * </ul>
 * So the summed estimate peaks at one city's hour, and its peak is not the sum of the days' peaks. The campaign's
 * tally must equal the oracle's at random (T, K, mode) and live, day by day and in total.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignsIT {

    static final long DEFAULT_SEED = 20260501L;
    static final int OPERATIONS = 120;
    static final int VIEWS = 30;
    static final int REPORTERS = 5;
    static final List<String> STATUSES = List.of("CLOSED", "PARTIAL", "OPEN");

    /** A city's day, its places, and its oracle. */
    static final class City {
        final String dayId;
        final String name;
        final String timeZone;
        final Zone zone;
        final Duration crowdsAgo;
        final TallyOracle oracle;
        final List<UUID> reports = new ArrayList<>();
        final Map<UUID, Kind> kinds = new LinkedHashMap<>();
        final java.util.Set<UUID> retracted = new java.util.HashSet<>();
        /** The day's status from each request that changed it on (its sending). */
        final TreeMap<Instant, String> statuses = new TreeMap<>();
        long lastPosition;

        City(String dayId, String name, String timeZone, Zone zone, Duration crowdsAgo) {
            this.dayId = dayId;
            this.name = name;
            this.timeZone = timeZone;
            this.zone = zone;
            this.crowdsAgo = crowdsAgo;
            this.oracle = new TallyOracle(List.of(zone));
        }
    }

    /** A day's choice of campaign (null: none), stored by a request sent at {@code before}, answered at {@code after}. */
    record Membership(Instant before, Instant after, String dayId, String campaignId) {
    }

    Platform platform;
    DayDriver driver;
    List<String> tokens = new ArrayList<>();
    String auditor;
    Random random;
    long seed;
    Instant n0;
    Instant startsAt;
    Instant endsAt;
    String campaign;
    String otherCampaign;
    List<City> cities = new ArrayList<>();
    List<Membership> memberships = new ArrayList<>();
    /** Each request's client-side interval: a K is taken only between two of them. */
    List<Instant[]> requests = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    /** What the views covered: member sets seen, and views whose summed peak is below the sum of the days' peaks. */
    java.util.Set<List<String>> memberSets = new java.util.HashSet<>();
    int peaksApart;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        driver = new DayDriver(platform);
        for (int i = 0; i < REPORTERS; i++) {
            tokens.add(driver.coordinator("campaign reporter " + i));
        }
        Api.Answer issued = driver.command.post("/api/tokens", platform.adminToken(),
                Map.of("role", "AUDITOR", "label", "campaign auditor"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        auditor = issued.body().path("token").asString();
    }

    @Test
    void aCampaignsTally_isItsMemberDaysAsKnownAtK_summed_withThePeakOfTheirSummedEstimate() throws Exception {
        seed = Long.getLong("standstill.seed", DEFAULT_SEED);
        System.out.println("CampaignsIT seed = " + seed + " (replay with -Dstandstill.seed=" + seed + ")");
        random = new Random(seed);
        // Whatever the tests before it planned (they share the platform, and these fields) is not this day's.
        requests.clear();
        memberships.clear();
        cities.clear();
        n0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        startsAt = n0.minus(6, ChronoUnit.HOURS);
        endsAt = n0.plus(6, ChronoUnit.HOURS);
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 6);
        campaign = "mayday" + suffix;
        otherCampaign = "mayday-south" + suffix;
        create(campaign, "May Day 2026");
        create(otherCampaign, "May Day 2026, the South");
        Instant beforeAnything = driver.gap();

        City east = new City("nyc" + suffix, "New York", "America/New_York",
                new Zone("Midtown", -74.00, 40.74, -73.97, 40.77), Duration.ofHours(5));
        City central = new City("chi" + suffix, "Chicago", "America/Chicago",
                new Zone("Loop", -87.64, 41.87, -87.62, 41.89), Duration.ofHours(3));
        City west = new City("la" + suffix, "Los Angeles", "America/Los_Angeles",
                new Zone("Downtown", -118.26, 34.04, -118.23, 34.06), Duration.ofMinutes(70));
        City elsewhere = new City("det" + suffix, "Detroit", "America/Detroit",
                new Zone("Midtown", -83.08, 42.34, -83.05, 42.37), Duration.ofHours(2));
        cities.addAll(List.of(east, central, west, elsewhere));
        plan(east, campaign, true, true);
        plan(central, campaign, false, false);
        plan(west, null, true, false);
        plan(elsewhere, null, true, true);

        for (int i = 0; i < OPERATIONS; i++) {
            if (i == OPERATIONS / 3) {
                choose(west, campaign);
                open(west);
            } else if (i == 2 * OPERATIONS / 3) {
                choose(central, otherCampaign);
            }
            operate(cities.get(random.nextInt(cities.size())));
        }
        for (City city : cities) {
            driver.awaitPosition(tokens.get(0), city.dayId, city.lastPosition);
        }
        Instant end = Instant.now();

        for (int v = 0; v < VIEWS; v++) {
            int gap = random.nextInt(requests.size() + 1) - 1;
            Instant k = gap < 0 ? DayDriver.between(beforeAnything, requests.get(0)[0])
                    : gap == requests.size() - 1 ? DayDriver.between(requests.get(gap)[1], end)
                    : DayDriver.between(requests.get(gap)[1], requests.get(gap + 1)[0]);
            Instant t = chooseT();
            Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
            compare("view " + v, t == null ? k : t, k, mode, tally(t, k, mode));
        }
        for (Mode mode : Mode.values()) {
            // While an event committed by then is still being applied (a checkpoint, say), the live view truthfully
            // says it is complete only up to an earlier knownAt: it is asked again until it is complete at now.
            JsonNode live = tally(null, null, mode);
            for (int tries = 0; tries < 50 && !live.path("knownAt").asString().equals(live.path("at").asString()); tries++) {
                Thread.sleep(100);
                live = tally(null, null, mode);
            }
            Instant now = Instant.parse(live.path("at").asString());
            compare("live " + mode, now, now, mode, live);
        }
        if (!problems.isEmpty()) {
            problems.forEach(System.out::println);
        }
        assertThat(memberSets).as("views before the west joined, and after the centre left")
                .contains(sorted(central.dayId, east.dayId), sorted(east.dayId, west.dayId));
        assertThat(peaksApart).as("views whose summed peak is below the sum of the days' peaks").isPositive();
        assertThat(problems).as("seed %d: differences between the campaign's tally and the oracle", seed).isEmpty();

        // The campaign's map: a point per member day now, at its city.
        Api.Answer map = driver.query.get("/api/campaigns/" + campaign + "/map", auditor);
        assertThat(map.status()).as(map.raw()).isEqualTo(200);
        List<String> mapped = new ArrayList<>();
        map.body().path("features").forEach(f -> mapped.add(f.path("properties").path("dayId").asString()));
        assertThat(mapped).containsExactlyInAnyOrder(east.dayId, west.dayId);
        JsonNode eastPoint = map.body().path("features").get(mapped.indexOf(east.dayId)).path("geometry")
                .path("coordinates");
        assertThat(eastPoint.get(0).asDouble()).isBetween(east.zone.west(), east.zone.east());
        assertThat(eastPoint.get(1).asDouble()).isBetween(east.zone.south(), east.zone.north());

        // The auditor's download of the whole campaign's log: its creation, and every event of each day that ever
        // belonged to it, in log order; and each member day's integrity check.
        Api.Answer refused = driver.query.get("/api/campaigns/" + campaign + "/events.jsonl", tokens.get(0));
        assertThat(refused.status()).as("a coordinator does not download the log").isEqualTo(403);
        java.net.http.HttpResponse<String> log = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(platform.queryUrl().resolve("/api/campaigns/" + campaign + "/events.jsonl"))
                        .header("Authorization", "Bearer " + auditor).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        List<JsonNode> events = log.body().lines().map(line -> Api.JSON.readTree(line)).toList();
        assertThat(events.get(0).path("type").asString()).isEqualTo("CampaignCreated");
        assertThat(events.get(0).path("aggregateId").asString()).isEqualTo(campaign);
        List<Long> positions = events.stream().map(e -> e.path("position").asLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        java.util.Set<String> daysLogged = new java.util.TreeSet<>();
        events.forEach(e -> {
            String day = e.path("payload").path("dayId").asString("");
            if (!day.isEmpty()) {
                daysLogged.add(day);
            }
        });
        assertThat(daysLogged).containsExactlyInAnyOrder(east.dayId, central.dayId, west.dayId);
        // Each day's log as its own page reads it, up to the download's last event (a checkpoint may follow since).
        long lastDownloaded = positions.get(positions.size() - 1);
        long expectedEvents = 1;
        for (City city : List.of(east, central, west)) {
            Api.Answer page = driver.query.get("/api/days/" + city.dayId + "/events?limit=1000", auditor);
            expectedEvents += page.body().path("events").valueStream()
                    .filter(e -> e.path("position").asLong() <= lastDownloaded).count();
        }
        assertThat(events).as("the campaign's log is its days' logs and its creation").hasSize((int) expectedEvents);
        Api.Answer checked = driver.query.get("/api/campaigns/" + campaign + "/integrity", auditor);
        assertThat(checked.status()).as(checked.raw()).isEqualTo(200);
        assertThat(checked.body().path("ok").asBoolean()).isTrue();
        List<String> checkedDays = new ArrayList<>();
        checked.body().path("days").forEach(d -> checkedDays.add(d.path("dayId").asString()));
        assertThat(checkedDays).containsExactlyInAnyOrder(east.dayId, west.dayId);

        // Rebuilt from the log, every table is as the live projection made it (campaigns, each day's campaign and
        // status after each of its events), and the campaign's figures at a K of the day stay the same.
        Instant k = DayDriver.between(requests.get(requests.size() - 1)[1], end);
        JsonNode before = tally(null, k, Mode.ALL);
        Api.Answer started = driver.query.post("/api/projections/rebuild", auditor, "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        JsonNode job;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
            Thread.sleep(50);
            job = driver.query.get("/api/projections/rebuild/" + started.body().path("jobId").asString(), auditor).body();
        } while (job.path("state").asString().equals("RUNNING") && System.nanoTime() < deadline);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("digestsEqual").asBoolean()).as(job.toString()).isTrue();
        assertThat(tally(null, k, Mode.ALL).path("totals")).isEqualTo(before.path("totals"));
    }

    @Test
    void aCampaignsLiveTopic_pushesItsTally_whenAReportInOneOfItsCitiesIsStored(Platform platform) throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 6);
        String live = "live" + suffix;
        Api.Answer created = driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", live, "name", "Live"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        n0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        startsAt = n0.minus(6, ChronoUnit.HOURS);
        endsAt = n0.plus(6, ChronoUnit.HOURS);
        City city = new City("sea" + suffix, "Seattle", "America/Los_Angeles",
                new Zone("Downtown", -122.35, 47.60, -122.32, 47.62), Duration.ofMinutes(30));
        plan(city, live, true, true);
        try (Stomp stomp = Stomp.connect(platform.queryUrl(), auditor)) {
            assertThat(Stomp.command(stomp.next())).isEqualTo("CONNECTED");
            stomp.subscribe("/topic/campaigns/" + live + "/tally");
            String first = stomp.next();
            assertThat(Stomp.command(first)).as(first).isEqualTo("MESSAGE");
            random = new Random(1);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reportId", UUID.randomUUID().toString());
            body.put("kind", "HEADCOUNT");
            body.put("observedAt", n0.minusSeconds(60).toString());
            body.put("rally", Map.of("name", "Westlake rally", "location", Map.of("lat", 47.61, "lon", -122.337)));
            body.put("headcount", 4200);
            body.put("method", "COUNTED");
            DayDriver.Timed sent = driver.post("/api/days/" + city.dayId + "/reports", tokens.get(1), body);
            assertThat(sent.status()).as(sent.answer().raw()).isEqualTo(201);
            JsonNode pushed = nextMessage(stomp, sent.position());
            assertThat(pushed.path("campaignId").asString()).isEqualTo(live);
            assertThat(pushed.path("totals").path("crowd").path("estimate").asLong()).isEqualTo(4200);
            assertThat(pushed.path("days").get(0).path("dayId").asString()).isEqualTo(city.dayId);
        }
    }

    /**
     * The changes' topic carries every day at first, then only the city a report changed; applied to the snapshot,
     * the changes give the figures the campaign's tally answers.
     */
    @Test
    void aCampaignsChangesTopic_carriesOnlyTheCityThatChanged_andAppliedToTheSnapshotGivesTheTally(Platform platform)
            throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 6);
        String campaign = "changes" + suffix;
        create(campaign, "Changes");
        n0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        startsAt = n0.minus(6, ChronoUnit.HOURS);
        endsAt = n0.plus(6, ChronoUnit.HOURS);
        City seattle = new City("sea" + suffix, "Seattle", "America/Los_Angeles",
                new Zone("Downtown", -122.35, 47.60, -122.32, 47.62), Duration.ofMinutes(30));
        City boston = new City("bos" + suffix, "Boston", "America/New_York",
                new Zone("Downtown", -71.07, 42.35, -71.05, 42.37), Duration.ofMinutes(30));
        plan(seattle, campaign, true, true);
        plan(boston, campaign, true, true);
        awaitKnown(campaign);
        long deadline = System.nanoTime() + DayDriver.CATCH_UP.toNanos();
        while (driver.query.get("/api/campaigns/" + campaign + "/tally", auditor).body().path("position").asLong()
                < boston.lastPosition) {
            assertThat(System.nanoTime()).as("the query side has both days").isLessThan(deadline);
            Thread.sleep(25);
        }
        try (Stomp stomp = Stomp.connect(platform.queryUrl(), auditor)) {
            assertThat(Stomp.command(stomp.next())).isEqualTo("CONNECTED");
            stomp.subscribe("/topic/campaigns/" + campaign + "/days");
            JsonNode first = nextMessage(stomp, 0);
            assertThat(dayIds(first)).as("the first message: every day").containsExactlyInAnyOrder(seattle.dayId,
                    boston.dayId);
            JsonNode snapshot = driver.query.get("/api/campaigns/" + campaign + "/tally", auditor).body();

            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reportId", UUID.randomUUID().toString());
            body.put("kind", "CLOSURE");
            body.put("observedAt", n0.minusSeconds(60).toString());
            body.put("business", Map.of("name", "Pike Place Chowder", "sector", "HOSPITALITY",
                    "location", Map.of("lat", 47.61, "lon", -122.34)));
            body.put("status", "CLOSED");
            body.put("reason", "WORKER_ACTION");
            DayDriver.Timed sent = driver.post("/api/days/" + seattle.dayId + "/reports", tokens.get(1), body);
            assertThat(sent.status()).as(sent.answer().raw()).isEqualTo(201);
            JsonNode changes = nextMessage(stomp, sent.position());

            assertThat(dayIds(changes)).as("only the city that changed").containsExactly(seattle.dayId);
            assertThat(changes.path("left").size()).isZero();
            assertThat(changes.path("totals").path("businesses").path("closed").asLong()).isEqualTo(1);
            Map<String, JsonNode> applied = new LinkedHashMap<>();
            snapshot.path("days").forEach(d -> applied.put(d.path("dayId").asString(), d));
            changes.path("days").forEach(d -> applied.put(d.path("dayId").asString(), d));
            JsonNode tally = driver.query.get("/api/campaigns/" + campaign + "/tally?knownAt="
                    + changes.path("knownAt").asString() + "&at=" + changes.path("at").asString(), auditor).body();
            assertThat(tally.path("position").asLong()).isEqualTo(changes.path("position").asLong());
            assertThat(tally.path("totals")).isEqualTo(changes.path("totals"));
            for (JsonNode day : tally.path("days")) {
                JsonNode shown = applied.get(day.path("dayId").asString());
                for (String figures : List.of("businesses", "walkouts", "crowd", "reports", "position")) {
                    assertThat(shown.path("tally").path(figures)).as(day.path("dayId") + " " + figures)
                            .isEqualTo(day.path("tally").path(figures));
                }
            }
        }
    }

    /** The first message of the topic whose position reaches {@code position}. */
    private static JsonNode nextMessage(Stomp stomp, long position) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String frame = stomp.next();
            if (Stomp.command(frame).equals("MESSAGE")) {
                JsonNode message = Api.JSON.readTree(frame.substring(frame.indexOf("\n\n") + 2).replace("\0", ""));
                if (message.path("position").asLong() >= position) {
                    return message;
                }
            }
        }
        throw new AssertionError("no message at position " + position + " or later within 10 s");
    }

    private static List<String> dayIds(JsonNode message) {
        List<String> ids = new java.util.ArrayList<>();
        message.path("days").forEach(d -> ids.add(d.path("dayId").asString()));
        return ids;
    }

    @Test
    void campaigns_areCreatedByCoordinators_andReadByCoordinatorsAndAuditors_only(Platform platform) throws Exception {
        String id = "access-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(driver.command.post("/api/campaigns", auditor, Map.of("id", id, "name", "A")).status()).isEqualTo(403);
        assertThat(driver.command.post("/api/campaigns", null, Map.of("id", id, "name", "A")).status()).isEqualTo(401);
        assertThat(driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", id, "name", "A")).status()).isEqualTo(201);
        awaitKnown(id);
        for (String path : List.of("/api/campaigns", "/api/campaigns/" + id, "/api/campaigns/" + id + "/tally",
                "/api/campaigns/" + id + "/map", "/api/campaigns/" + id + "/timeline")) {
            assertThat(driver.query.get(path, auditor).status()).as(path).isEqualTo(200);
            assertThat(driver.query.get(path, tokens.get(0)).status()).as(path).isEqualTo(200);
            assertThat(driver.query.get(path, null).status()).as(path).isEqualTo(401);
        }
        assertThat(driver.query.get("/api/campaigns/no-such-campaign/tally", auditor).status()).isEqualTo(404);
    }

    @Test
    void badCampaignRequests_areProblemsNamingTheField_andStoreNothing() throws Exception {
        long before = driver.storedEvents();
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        Api.Answer badId = driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", "No Such Id!", "name", "A"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.badFields()).containsExactly("id");
        Api.Answer noName = driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", id));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.badFields()).containsExactly("name");
        Map<String, Object> day = new LinkedHashMap<>();
        day.put("id", id);
        day.put("name", "A day");
        day.put("city", "Boston");
        day.put("timeZone", "America/New_York");
        day.put("startsAt", "2026-05-01T10:00:00Z");
        day.put("endsAt", "2026-05-02T03:00:00Z");
        day.put("campaignId", "no-such-campaign");
        day.put("location", Map.of("lat", 142.36, "lon", -71.06));
        Api.Answer unknown = driver.command.post("/api/days", tokens.get(0), day);
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(400);
        assertThat(unknown.badFields()).containsExactlyInAnyOrder("campaignId", "location.lat");
        assertThat(driver.query.get("/api/campaigns/" + id + "/tally", auditor).status()).isEqualTo(404);
        assertThat(driver.storedEvents()).as("nothing stored").isEqualTo(before);

        Api.Answer created = driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", id, "name", "A"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Api.Answer again = driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", id, "name", "A"));
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        assertThat(again.body().path("type").asString()).isEqualTo("/problems/campaign-exists");
        awaitKnown(id);
        Api.Answer future = driver.query.get("/api/campaigns/" + id + "/tally?knownAt=2999-01-01T00:00:00Z", auditor);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.badFields()).containsExactly("knownAt");
        Api.Answer bucket = driver.query.get("/api/campaigns/" + id + "/timeline?bucket=PT0S", auditor);
        assertThat(bucket.status()).isEqualTo(400);
        assertThat(bucket.badFields()).containsExactly("bucket");
    }

    private static List<String> sorted(String... dayIds) {
        return java.util.Arrays.stream(dayIds).sorted().toList();
    }

    /** Waits until the query side knows the campaign (it is told by the log, a moment after the 201). */
    private void awaitKnown(String campaignId) throws InterruptedException {
        long deadline = System.nanoTime() + DayDriver.CATCH_UP.toNanos();
        while (driver.query.get("/api/campaigns/" + campaignId, auditor).status() != 200) {
            assertThat(System.nanoTime()).as("the query side knows campaign %s", campaignId).isLessThan(deadline);
            Thread.sleep(25);
        }
    }

    // ----- the days -----

    private void create(String id, String name) {
        Api.Answer created = driver.command.post("/api/campaigns", tokens.get(0), Map.of("id", id, "name", name));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    /** Plans the city's day (with its location if asked, else only its zone), in a campaign or none. */
    private void plan(City city, String campaignId, boolean located, boolean open) {
        Zone z = city.zone;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", city.dayId);
        body.put("name", "May Day in " + city.name);
        body.put("city", city.name);
        body.put("timeZone", city.timeZone);
        body.put("startsAt", startsAt.toString());
        body.put("endsAt", endsAt.toString());
        List<List<Double>> ring = List.of(List.of(z.west(), z.south()), List.of(z.east(), z.south()),
                List.of(z.east(), z.north()), List.of(z.west(), z.north()), List.of(z.west(), z.south()));
        Map<String, Object> feature = Map.of("type", "Feature", "properties", Map.of("name", z.name()),
                "geometry", Map.of("type", "Polygon", "coordinates", List.of(ring)));
        body.put("zones", Map.of("type", "FeatureCollection", "features", List.of(feature)));
        if (located) {
            body.put("location", Map.of("lat", (z.south() + z.north()) / 2, "lon", (z.west() + z.east()) / 2));
        }
        if (campaignId != null) {
            body.put("campaignId", campaignId);
        }
        DayDriver.Timed planned = driver.post("/api/days", tokens.get(0), body);
        assertThat(planned.status()).as(planned.answer().raw()).isEqualTo(201);
        note(planned);
        memberships.add(new Membership(planned.before(), planned.after(), city.dayId, campaignId));
        city.lastPosition = planned.position();
        city.statuses.put(planned.before(), "PLANNED");
        if (open) {
            open(city);
        }
    }

    private void open(City city) {
        DayDriver.Timed opened = driver.post("/api/days/" + city.dayId + "/opening", tokens.get(0), "");
        assertThat(opened.status()).as(opened.answer().raw()).isEqualTo(200);
        note(opened);
        city.lastPosition = opened.position();
        city.statuses.put(opened.before(), "LIVE");
    }

    private void choose(City city, String campaignId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaignId);
        Instant before = Instant.now();
        Api.Answer chosen = driver.command.put("/api/days/" + city.dayId + "/campaign", tokens.get(0), body);
        Instant after = Instant.now();
        DayDriver.pause(3);
        assertThat(chosen.status()).as(chosen.raw()).isEqualTo(200);
        requests.add(new Instant[]{before, after});
        memberships.add(new Membership(before, after, city.dayId, campaignId));
        city.lastPosition = chosen.body().path("position").asLong();
    }

    private void note(DayDriver.Timed request) {
        requests.add(new Instant[]{request.before(), request.after()});
    }

    /** A random change in the city: mostly new reports, some verdicts, corrections and retractions. */
    private void operate(City city) {
        int roll = random.nextInt(100);
        List<UUID> standing = city.reports.stream().filter(r -> !city.retracted.contains(r)).toList();
        if (roll < 60 || standing.isEmpty()) {
            submit(city);
            return;
        }
        UUID report = standing.get(random.nextInt(standing.size()));
        String base = "/api/days/" + city.dayId + "/reports/" + report;
        if (roll < 80) {
            String verdict = random.nextInt(3) == 0 ? "DISPUTED" : "VERIFIED";
            DayDriver.Timed judged = driver.post(base + "/verdict", tokens.get(0), Map.of("verdict", verdict));
            city.oracle.judged(judged.before(), judged.after(), report, verdict);
            done(city, judged, 200);
        } else if (roll < 93 && city.kinds.get(report) == Kind.HEADCOUNT) {
            int headcount = 100 * (1 + random.nextInt(200));
            Instant seen = observedAt(city);
            DayDriver.Timed corrected = driver.post(base + "/corrections", tokens.get(0),
                    Map.of("headcount", headcount, "observedAt", seen.toString()));
            if (corrected.status() == 201) {
                city.oracle.corrected(corrected.before(), corrected.after(), report, seen, Facts.headcount(headcount));
            }
            done(city, corrected, 200, 201);
        } else {
            DayDriver.Timed retracted = driver.post(base + "/retraction", tokens.get(0), "");
            city.oracle.retracted(retracted.before(), retracted.after(), report);
            city.retracted.add(report);
            done(city, retracted, 200);
        }
    }

    private void submit(City city) {
        int kindRoll = random.nextInt(100);
        Kind kind = kindRoll < 40 ? Kind.CLOSURE : kindRoll < 60 ? Kind.WALKOUT : Kind.HEADCOUNT;
        int reporter = random.nextInt(REPORTERS);
        int place = random.nextInt(kind == Kind.HEADCOUNT ? 2 : 5);
        String name = city.name + " " + kind.name().toLowerCase() + " " + place;
        // each place at its own point of the city's zone
        double lat = city.zone.south() + (0.2 + 0.12 * place) * (city.zone.north() - city.zone.south());
        double lon = city.zone.west() + (0.2 + 0.12 * place) * (city.zone.east() - city.zone.west());
        lat = Math.round(lat * 1e5) / 1e5;
        lon = Math.round(lon * 1e5) / 1e5;
        Map<String, Object> location = Map.of("lat", lat, "lon", lon);
        Instant seen = kind == Kind.HEADCOUNT ? observedAt(city)
                : n0.minus(Duration.ofMinutes(5L * (1 + random.nextInt(60))));
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", id.toString());
        body.put("kind", kind.name());
        body.put("observedAt", seen.toString());
        Facts facts;
        String sector = Figures.SECTORS.get(place % Figures.SECTORS.size());
        switch (kind) {
            case CLOSURE -> {
                String status = STATUSES.get(random.nextInt(3));
                body.put("business", Map.of("name", name, "location", location, "sector", sector));
                body.put("status", status);
                facts = Facts.closure(status);
            }
            case WALKOUT -> {
                int participants = 1 + random.nextInt(400);
                body.put("workplace", Map.of("name", name, "location", location, "sector", sector));
                body.put("type", "WALKOUT");
                body.put("participants", participants);
                facts = Facts.walkout("WALKOUT", participants);
            }
            default -> {
                int headcount = 100 * (1 + random.nextInt(200));
                body.put("rally", Map.of("name", name, "location", location));
                body.put("headcount", headcount);
                body.put("method", "DENSITY_ESTIMATE");
                facts = Facts.headcount(headcount);
            }
        }
        DayDriver.Timed answer = driver.post("/api/days/" + city.dayId + "/reports", tokens.get(reporter), body);
        assertThat(answer.status()).as(answer.answer().raw()).isEqualTo(201);
        city.oracle.submitted(answer.before(), answer.after(), id, kind, "reporter " + reporter,
                new Subject(kind + ":" + name, kind == Kind.HEADCOUNT ? null : sector, lat, lon), seen, facts);
        city.reports.add(id);
        city.kinds.put(id, kind);
        done(city, answer, 201);
    }

    private void done(City city, DayDriver.Timed request, int... expected) {
        assertThat(request.status()).as(request.answer().raw()).isIn(java.util.Arrays.stream(expected).boxed().toList());
        note(request);
        if (request.position() > 0) {
            city.lastPosition = Math.max(city.lastPosition, request.position());
        }
    }

    /** An observedAt within the hour the city's crowds gather in (never in the future), on a five-minute grid at times. */
    private Instant observedAt(City city) {
        Instant from = n0.minus(city.crowdsAgo);
        Instant seen = from.plusSeconds(random.nextInt(60 * 60));
        return random.nextInt(3) == 0 ? seen.truncatedTo(ChronoUnit.HOURS).plus(5L * random.nextInt(12), ChronoUnit.MINUTES)
                : seen;
    }

    private Instant chooseT() {
        int roll = random.nextInt(100);
        if (roll < 10) {
            return null;
        }
        List<Instant> observed = new ArrayList<>();
        cities.forEach(c -> observed.addAll(c.oracle.observedAts()));
        if (roll < 40 && !observed.isEmpty()) {
            Instant o = observed.get(random.nextInt(observed.size()));
            return random.nextBoolean() ? o : o.plus(TallyOracle.CROWD_WINDOW);
        }
        return startsAt.plusMillis((long) (random.nextDouble() * Duration.between(startsAt, n0).toMillis()));
    }

    // ----- the views -----

    private JsonNode tally(Instant at, Instant knownAt, Mode mode) {
        StringBuilder path = new StringBuilder("/api/campaigns/" + campaign + "/tally?mode=" + mode);
        if (at != null) {
            path.append("&at=").append(at);
        }
        if (knownAt != null) {
            path.append("&knownAt=").append(knownAt);
        }
        Api.Answer answer = driver.query.get(path.toString(), random.nextBoolean() ? auditor : tokens.get(0));
        assertThat(answer.status()).as("GET %s: %s", path, answer.raw()).isEqualTo(200);
        return answer.body();
    }

    /** The days that belong to the campaign as known at K. */
    private List<City> membersAt(Instant knownAt) {
        Map<String, String> campaignOf = new TreeMap<>();
        for (Membership m : memberships) {
            if (!m.before().isAfter(knownAt)) {
                if (m.after().isAfter(knownAt)) {
                    throw new IllegalArgumentException("K = " + knownAt + " lies within " + m);
                }
                campaignOf.put(m.dayId(), m.campaignId());
            }
        }
        return cities.stream().filter(c -> campaign.equals(campaignOf.get(c.dayId))).sorted(
                java.util.Comparator.comparing(c -> c.dayId)).toList();
    }

    private void compare(String label, Instant t, Instant k, Mode mode, JsonNode answer) {
        String where = label + " (T " + t + ", K " + k + ", " + mode + ")";
        if (!Instant.parse(answer.path("knownAt").asString()).equals(k) || !Instant.parse(answer.path("at").asString()).equals(t)) {
            problems.add(where + ": answered at " + answer.path("at") + " as known at " + answer.path("knownAt"));
        }
        List<City> members = membersAt(k);
        List<String> days = new ArrayList<>();
        answer.path("days").forEach(d -> days.add(d.path("dayId").asString()));
        if (!days.equals(members.stream().map(c -> c.dayId).toList())) {
            problems.add(where + ": member days " + days + ", expected " + members.stream().map(c -> c.dayId).toList());
            return;
        }
        memberSets.add(days);
        long sumOfPeaks = 0;
        Map<String, Long> sums = new TreeMap<>();
        TreeSet<Instant> changes = new TreeSet<>();
        for (int i = 0; i < members.size(); i++) {
            City city = members.get(i);
            Figures expected = city.oracle.tally(t, k, mode);
            JsonNode day = answer.path("days").get(i);
            List<String> differences = expected.differencesFrom(Figures.of(day.path("tally")));
            if (!differences.isEmpty()) {
                problems.add(where + ", day " + city.dayId + ": " + differences);
            }
            expected.asMap().forEach((path, value) -> {
                if (value instanceof Long n && !path.startsWith("businesses.byZone") && !path.startsWith("crowd.peak")) {
                    sums.merge(path, n, Long::sum);
                }
            });
            Map<String, Object> e = expected.asMap();
            for (String status : STATUSES) {
                String s = status.toLowerCase();
                sums.put("businesses.byDay." + city.dayId + "." + s, (Long) e.get("businesses." + s));
            }
            changes.addAll(city.oracle.crowdChanges(k, mode));
            sumOfPeaks += (Long) e.get("crowd.peak");
            String status = city.statuses.floorEntry(k).getValue();
            if (!day.path("city").asString().equals(city.name) || !day.path("timeZone").asString().equals(city.timeZone)
                    || !day.path("status").asString().equals(status)) {
                problems.add(where + ", day " + city.dayId + ": " + day.path("city") + " " + day.path("timeZone") + " "
                        + day.path("status") + ", expected " + status);
            }
        }
        // The peak of the summed estimate: at the earliest moment up to T where the sum is highest.
        long peak = 0;
        Instant peakAt = null;
        for (Instant change : changes.headSet(t, true)) {
            long sum = 0;
            for (City city : members) {
                sum += (Long) city.oracle.tally(change, k, mode).asMap().get("crowd.estimate");
            }
            if (sum > peak) {
                peak = sum;
                peakAt = change;
            }
        }
        if (peak < sumOfPeaks) {
            peaksApart++;
        }
        JsonNode totals = answer.path("totals");
        Map<String, Long> actual = new TreeMap<>();
        Figures.of(totals).asMap().forEach((path, value) -> {
            if (value instanceof Long n && !path.startsWith("crowd.peak")) {
                actual.put(path, n);
            }
        });
        totals.path("businesses").path("byDay").properties().forEach(e -> {
            for (String status : STATUSES) {
                String s = status.toLowerCase();
                actual.put("businesses.byDay." + e.getKey() + "." + s, e.getValue().path(s).asLong());
            }
        });
        if (!actual.equals(sums)) {
            problems.add(where + ": totals " + actual + ", expected " + sums);
        }
        JsonNode crowd = totals.path("crowd");
        String answeredPeakAt = crowd.path("peakAt").isNull() ? null : crowd.path("peakAt").asString();
        if (crowd.path("peak").asLong() != peak || !java.util.Objects.equals(answeredPeakAt,
                peakAt == null ? null : peakAt.toString())) {
            problems.add(where + ": peak " + crowd.path("peak") + " at " + crowd.path("peakAt") + ", expected " + peak
                    + " at " + peakAt);
        }
        long position = 0;
        for (JsonNode day : answer.path("days")) {
            position = Math.max(position, day.path("tally").path("position").asLong());
        }
        if (answer.path("position").asLong() < position) {
            problems.add(where + ": position " + answer.path("position") + " below a day's " + position);
        }
    }
}
