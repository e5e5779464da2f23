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
import org.standstill.bench.simulator.DayClock;
import org.standstill.bench.simulator.Scenario;
import org.standstill.bench.simulator.Simulation;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's Twin Cities day, small and seeded, played over HTTP as fast as the rate limits allow — retries,
 * late reports, corrections, retractions and verdicts included. Then an auditor's check: every report the scenario
 * sent is in the event log once, and the tally the service answers, live and at (T, K) taken at random, equals the
 * one the independent oracle of DOMAIN.md computes from nothing but that log; and a rebuild from the log writes the
 * very tables the live projection wrote.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedDayIT {

    static final long SEED = 23;
    static final int VIEWS = 24;

    Platform platform;
    Simulation.Played played;
    String story;
    DayDriver driver;
    List<JsonNode> log;

    @BeforeAll
    void playTheDay(Platform platform) throws Exception {
        this.platform = platform;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Simulation.Options options = new Simulation.Options(0, SEED, 40, 10, 6, DayClock.Kind.RECENT,
                "simulated-" + UUID.randomUUID().toString().substring(0, 8), null, null, null, false, 0);
        played = new Simulation(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(options, platform.commandUrl(), platform.queryUrl(), platform.adminToken());
        story = printed.toString(StandardCharsets.UTF_8);
        assertThat(played.outcome().errors()).as("unexpected answers while playing:%n%s", story).isZero();
        assertThat(played.scenario().counts.retries()).as("the scenario retries some submissions").isPositive();
        driver = new DayDriver(platform);
        driver.awaitPosition(played.coordinatorToken(), played.dayId(), played.outcome().maxPosition());
        log = eventLog(platform, played.dayId());
    }

    @Test
    void everyReportSent_isInTheEventLogOnce_retriesNotStoredAgain() {
        Set<UUID> submitted = new HashSet<>();
        int retractions = 0;
        for (Scenario.Action action : played.scenario().actions) {
            if (action.step() == Scenario.Step.SUBMIT) {
                submitted.add(action.reportId());
            } else if (action.step() == Scenario.Step.RETRACT) {
                retractions++;
            }
        }
        Map<String, Integer> types = new TreeMap<>();
        Set<UUID> stored = new HashSet<>();
        for (JsonNode event : log) {
            String type = event.path("type").asString();
            types.merge(type, 1, Integer::sum);
            if (type.endsWith("Reported")) {
                assertThat(stored.add(UUID.fromString(event.path("payload").path("reportId").asString())))
                        .as("a second %s for the same report", type).isTrue();
            }
        }
        Set<UUID> lost = new HashSet<>(submitted);
        lost.removeAll(stored);
        Set<UUID> unknown = new HashSet<>(stored);
        unknown.removeAll(submitted);
        assertThat(lost).as("reports sent but not in the log (events by type: %s); the play:%n%s", types, story)
                .isEmpty();
        assertThat(unknown).as("reports in the log the scenario never sent").isEmpty();
        assertThat(types.getOrDefault("ReportRetracted", 0)).isEqualTo(retractions);
    }

    @Test
    void theTally_liveAndAtRandomMomentsAsKnownAtRandomMoments_isTheOneRebuiltFromTheEventLogAlone() {
        TallyOracle oracle = oracleOf(log);
        String token = played.coordinatorToken();
        String dayId = played.dayId();
        List<String> problems = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            Instant before = Instant.now();
            JsonNode live = driver.tally(token, dayId, null, null, mode == Mode.ALL ? null : mode.name());
            Instant now = Instant.parse(live.path("at").asString());
            assertThat(now).isBetween(before, Instant.now());
            compare(problems, "live " + mode, live, oracle.tally(now, now, mode));
        }
        Instant peak = played.clock().observedAt(8 * 3600);
        Instant end = Instant.now();
        compare(problems, "14:00 local as known now", driver.tally(token, dayId, peak, end, null),
                oracle.tally(peak, end, Mode.ALL));
        List<Instant> recorded = log.stream().map(event -> Instant.parse(event.path("recordedAt").asString())).toList();
        Random random = new Random(SEED);
        Instant first = played.clock().startsAt();
        Instant last = played.clock().endsAt();
        for (int v = 0; v < VIEWS; v++) {
            Instant t = first.plusMillis((long) (random.nextDouble() * (last.toEpochMilli() - first.toEpochMilli())));
            // K on an event's own recordedAt (it is known then) or a millisecond before it (it is not yet).
            Instant k = recorded.get(random.nextInt(recorded.size())).minusMillis(random.nextInt(2));
            Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
            compare(problems, "view " + v + " T=" + t + " K=" + k + " " + mode,
                    driver.tally(token, dayId, t, k, mode.name()), oracle.tally(t, k, mode));
        }
        assertThat(problems).as("the service's tally differs from the one rebuilt from the log; the play:%n%s", story)
                .isEmpty();
    }

    /** Reports sent concurrently commit out of log order: the live projection must still write what a replay writes. */
    @Test
    void aRebuildFromTheLog_afterADayOfConcurrentReports_givesTheSameTables() throws Exception {
        Api query = new Api(platform.queryUrl());
        JsonNode job = rebuild(query);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("digestsEqual").asBoolean()).as("live and rebuilt tables: %s", job).isTrue();
    }

    private JsonNode rebuild(Api query) throws InterruptedException {
        Api.Answer started = query.post("/api/projections/rebuild", platform.adminToken(), "");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        String path = "/api/projections/rebuild/" + started.body().path("jobId").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode job;
        do {
            Thread.sleep(100);
            job = query.get(path, platform.adminToken()).body();
        } while (job.path("state").asString().equals("RUNNING") && System.nanoTime() < deadline);
        return job;
    }

    private static void compare(List<String> problems, String label, JsonNode answer, Figures expected) {
        List<String> differences = expected.differencesFrom(Figures.of(answer));
        if (!differences.isEmpty()) {
            problems.add(label + ":\n  " + String.join("\n  ", differences) + "\n  service: " + answer);
        }
    }

    /** The day's whole log through the paged events endpoint, as an auditor reads it. */
    private static List<JsonNode> eventLog(Platform platform, String dayId) {
        Api query = new Api(platform.queryUrl());
        List<JsonNode> events = new ArrayList<>();
        long after = 0;
        while (true) {
            Api.Answer page = query.get("/api/days/" + dayId + "/events?limit=1000&after=" + after, platform.adminToken());
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.body().path("events").forEach(events::add);
            if (page.body().path("next").isNull() || page.body().path("next").isMissingNode()) {
                return events;
            }
            after = page.body().path("next").asLong();
        }
    }

    /** The oracle, fed from the log: the zones the day was planned with, then every report event at its recordedAt. */
    private static TallyOracle oracleOf(List<JsonNode> log) {
        TallyOracle oracle = null;
        for (JsonNode event : log) {
            JsonNode p = event.path("payload");
            Instant at = Instant.parse(event.path("recordedAt").asString());
            UUID reportId = p.has("reportId") ? UUID.fromString(p.path("reportId").asString()) : null;
            switch (event.path("type").asString()) {
                case "DayPlanned" -> oracle = new TallyOracle(zones(p.path("zones")));
                case "ClosureReported" -> oracle.submitted(at, at, reportId, Kind.CLOSURE,
                        p.path("reporterId").asString(), subject(p, p.path("business")), observedAt(p),
                        Facts.closure(p.path("status").asString()));
                case "WalkoutReported" -> oracle.submitted(at, at, reportId, Kind.WALKOUT,
                        p.path("reporterId").asString(), subject(p, p.path("workplace")), observedAt(p),
                        Facts.walkout(p.path("type").asString(), p.path("participants").asInt()));
                case "HeadcountReported" -> oracle.submitted(at, at, reportId, Kind.HEADCOUNT,
                        p.path("reporterId").asString(), subject(p, p.path("rally")), observedAt(p),
                        Facts.headcount(p.path("headcount").asInt()));
                case "ClosureCorrected" -> oracle.corrected(at, at, reportId, observedAt(p),
                        Facts.closure(p.path("status").asString()));
                case "WalkoutCorrected" -> oracle.corrected(at, at, reportId, observedAt(p),
                        Facts.walkout(p.path("type").asString(), p.path("participants").asInt()));
                case "HeadcountCorrected" -> oracle.corrected(at, at, reportId, observedAt(p),
                        Facts.headcount(p.path("headcount").asInt()));
                case "ReportRetracted" -> oracle.retracted(at, at, reportId);
                case "VerdictGiven" -> oracle.judged(at, at, reportId, p.path("verdict").asString());
                default -> {
                    // DayOpened and the like: not part of the tally
                }
            }
        }
        assertThat(oracle).as("the log begins with the day being planned").isNotNull();
        return oracle;
    }

    private static Instant observedAt(JsonNode payload) {
        JsonNode observedAt = payload.path("observedAt");
        return observedAt.isNull() || observedAt.isMissingNode() ? null : Instant.parse(observedAt.asString());
    }

    private static Subject subject(JsonNode payload, JsonNode place) {
        JsonNode sector = place.path("sector");
        return new Subject(payload.path("subjectId").asString(), sector.isNull() || sector.isMissingNode() ? null
                : sector.asString(), place.path("location").path("lat").asDouble(),
                place.path("location").path("lon").asDouble());
    }

    /** The oracle models zones as rectangles; the simulator plans rectangles, which this checks. */
    private static List<Zone> zones(JsonNode zones) {
        List<Zone> result = new ArrayList<>();
        for (JsonNode zone : zones) {
            JsonNode geometry = Api.JSON.readTree(zone.path("geometry").asString());
            assertThat(geometry.path("type").asString()).isEqualTo("Polygon");
            JsonNode ring = geometry.path("coordinates").path(0);
            double west = Double.MAX_VALUE;
            double east = -Double.MAX_VALUE;
            double south = Double.MAX_VALUE;
            double north = -Double.MAX_VALUE;
            for (JsonNode point : ring) {
                west = Math.min(west, point.path(0).asDouble());
                east = Math.max(east, point.path(0).asDouble());
                south = Math.min(south, point.path(1).asDouble());
                north = Math.max(north, point.path(1).asDouble());
            }
            for (JsonNode point : ring) {
                double lon = point.path(0).asDouble();
                double lat = point.path(1).asDouble();
                assertThat((lon == west || lon == east) && (lat == south || lat == north))
                        .as("zone %s is a rectangle", zone.path("name").asString()).isTrue();
            }
            result.add(new Zone(zone.path("name").asString(), west, south, east, north));
        }
        return result;
    }
}
