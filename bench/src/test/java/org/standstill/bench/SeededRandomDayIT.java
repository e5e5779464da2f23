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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A random day of action, made from a fixed seed (printed; {@code -Dstandstill.seed=} replays another): fifteen
 * businesses in three zones and outside them, six workplaces, three rallies and eight reporters go through about
 * 150 operations — submissions of every kind observed over the past three hours (often at the same instant),
 * retries, conflicting reuses of a reportId, corrections (some moving observedAt), retractions and verdicts. An
 * independent oracle written from DOMAIN.md ({@link TallyOracle}) keeps the history, and the service's tally must
 * equal the oracle's at about forty (T, K, mode) taken at random, and live.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeededRandomDayIT {

    static final long DEFAULT_SEED = 20260123L;
    static final int OPERATIONS = 150;
    static final int VIEWS = 40;
    static final int REPORTERS = 8;
    static final Duration HOUR = Duration.ofHours(1);

    static final List<Zone> ZONES = List.of(
            new Zone("North Loop", -93.29, 44.98, -93.26, 45.00),
            new Zone("Cedar-Riverside", -93.26, 44.96, -93.24, 44.975),
            new Zone("Frogtown", -93.16, 44.955, -93.12, 44.97));
    /** Far from every zone. */
    static final Zone OUTSIDE = new Zone("outside", -93.35, 44.90, -93.30, 44.93);

    static final List<String> BUSINESS_NAMES = List.of("Karmel Mall", "Café Racer", "Hmongtown Marketplace",
            "Seward Co-op", "Moon Palace Books", "Électric Fetus", "Glam Doll Donuts", "Ingebretsen's",
            "Mercado Central", "Peace Coffee", "Pho Tài", "Wedge Community Co-op", "Dragon Star Grocery",
            "Lyn-Lake Brewery", "Birchbark Books");
    static final List<String> WORKPLACE_NAMES = List.of("HCMC nurses", "Amazon MSP1", "Target HQ tower",
            "Metro Transit garage", "South High School", "Roosevelt High School");
    static final List<String> RALLY_NAMES = List.of("Target Center rally", "Capitol rally", "Lake Street march");
    static final List<String> STATUSES = List.of("CLOSED", "PARTIAL", "OPEN");
    static final List<String> REASONS = List.of("OWNER_SOLIDARITY", "WORKER_ACTION", "PRECAUTION", "UNKNOWN");
    static final List<String> METHODS = List.of("COUNTED", "DENSITY_ESTIMATE", "AERIAL", "ORGANIZER_CLAIM", "MEDIA",
            "POLICE", "OTHER");

    /** A place reports are about; {@code students}: a school, whose walkouts are STUDENT_WALKOUT. */
    record Place(Kind kind, String name, String sector, double lat, double lon, boolean students) {

        Subject subject() {
            return new Subject(kind + ":" + name, sector, lat, lon);
        }
    }

    /** A report the test has submitted, with what it currently says. */
    static final class Sent {
        final UUID id;
        final Kind kind;
        final int reporter;
        final Place place;
        final Map<String, Object> body;
        final JsonNode firstAnswer;
        Instant observedAt;
        String status;
        int participants;
        Integer workforce;
        int headcount;
        boolean retracted;

        Sent(UUID id, Kind kind, int reporter, Place place, Map<String, Object> body, JsonNode firstAnswer) {
            this.workforce = body.get("workforce") instanceof Integer w ? w : null;
            this.id = id;
            this.kind = kind;
            this.reporter = reporter;
            this.place = place;
            this.body = body;
            this.firstAnswer = firstAnswer;
        }
    }

    /** An operation as it happened: what it was, and when it was sent and answered. */
    record Operation(String description, Instant before, Instant after, int status, long position) {
    }

    /** A (T, K, mode) view taken, with its answer. */
    record View(String label, Instant at, Instant knownAt, Mode mode, long position) {
    }

    DayDriver driver;
    List<String> tokens = new ArrayList<>();

    long seed;
    Random random;
    String day;
    Instant n0;
    Instant startsAt;
    Instant endsAt;
    TallyOracle oracle;
    List<Place> businesses = new ArrayList<>();
    List<Place> workplaces = new ArrayList<>();
    List<Place> rallies = new ArrayList<>();
    List<Sent> sent = new ArrayList<>();
    List<Operation> operations = new ArrayList<>();
    Map<Place, String> subjectIds = new HashMap<>();
    List<String> problems = new ArrayList<>();
    long lastPosition;

    @BeforeAll
    void signIn(Platform platform) {
        driver = new DayDriver(platform);
        for (int i = 0; i < REPORTERS; i++) {
            tokens.add(driver.coordinator("random day reporter " + i));
        }
    }

    @Test
    void aSeededRandomDay_isTalliedAsTheOracleSays_atRandomMomentsAsKnownAtRandomMoments_andLive() throws Exception {
        seed = Long.getLong("standstill.seed", DEFAULT_SEED);
        System.out.println("SeededRandomDayIT seed = " + seed + " (replay with -Dstandstill.seed=" + seed + ")");
        random = new Random(seed);
        n0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        startsAt = n0.minus(4, ChronoUnit.HOURS);
        endsAt = n0.plus(4, ChronoUnit.HOURS);
        day = "random-day-" + seed + "-" + UUID.randomUUID().toString().substring(0, 6);
        makePlaces();
        driver.planAndOpen(tokens.get(0), day, startsAt, endsAt, ZONES);
        oracle = new TallyOracle(ZONES);
        Instant beforeAnyReport = driver.gap();

        List<View> views = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            operate();
            if (i % 25 == 24) {
                // The live tally along the way, once it has caught up with the changes so far.
                driver.awaitPosition(tokens.get(0), day, lastPosition);
                views.add(compareLive(random.nextBoolean() ? Mode.ALL : Mode.VERIFIED));
            }
        }
        driver.awaitPosition(tokens.get(0), day, lastPosition);
        Instant end = Instant.now();

        for (int v = 0; v < VIEWS; v++) {
            int gap = random.nextInt(operations.size() + 1) - 1;
            Instant k = gap < 0 ? DayDriver.between(beforeAnyReport, operations.get(0).before())
                    : gap == operations.size() - 1 ? DayDriver.between(operations.get(gap).after(), end)
                    : DayDriver.between(operations.get(gap).after(), operations.get(gap + 1).before());
            Instant t = chooseT();
            Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
            views.add(compare("view " + v + (t == null ? " (at left out: T = K)" : ""), t, k, mode));
        }
        for (Mode mode : Mode.values()) {
            views.add(compareLive(mode));
        }
        checkPositions(views);
        summarize(views);

        if (!problems.isEmpty()) {
            StringBuilder story = new StringBuilder("Seed " + seed + ", day " + day + ": " + problems.size()
                    + " problem(s).\nOperations (client-side intervals):\n");
            for (int i = 0; i < operations.size(); i++) {
                Operation op = operations.get(i);
                story.append(String.format("%3d [%s .. %s] %d pos %d %s%n", i, op.before(), op.after(), op.status(),
                        op.position(), op.description()));
            }
            System.out.println(story);
            problems.forEach(System.out::println);
        }
        assertThat(problems).as("seed %d: differences between the service and the oracle", seed).isEmpty();
    }

    // ----- the day -----

    private void makePlaces() {
        List<String> sectors = Figures.SECTORS;
        for (int i = 0; i < BUSINESS_NAMES.size(); i++) {
            // About a third outside every zone, the rest spread over the zones.
            Zone area = i % 4 == 3 || random.nextInt(8) == 0 ? OUTSIDE : ZONES.get(random.nextInt(ZONES.size()));
            double[] point = pointIn(area);
            businesses.add(new Place(Kind.CLOSURE, BUSINESS_NAMES.get(i), sectors.get(random.nextInt(sectors.size())),
                    point[0], point[1], false));
        }
        for (int i = 0; i < WORKPLACE_NAMES.size(); i++) {
            boolean school = WORKPLACE_NAMES.get(i).endsWith("School");
            double[] point = pointIn(random.nextBoolean() ? OUTSIDE : ZONES.get(random.nextInt(ZONES.size())));
            workplaces.add(new Place(Kind.WALKOUT, WORKPLACE_NAMES.get(i),
                    school ? "EDUCATION" : sectors.get(random.nextInt(sectors.size())), point[0], point[1], school));
        }
        for (String name : RALLY_NAMES) {
            double[] point = pointIn(ZONES.get(random.nextInt(ZONES.size())));
            rallies.add(new Place(Kind.HEADCOUNT, name, null, point[0], point[1], false));
        }
    }

    /** A point well inside the rectangle, rounded to 1e-5 degree. */
    private double[] pointIn(Zone zone) {
        double lat = zone.south() + (0.2 + 0.6 * random.nextDouble()) * (zone.north() - zone.south());
        double lon = zone.west() + (0.2 + 0.6 * random.nextDouble()) * (zone.east() - zone.west());
        return new double[]{Math.round(lat * 1e5) / 1e5, Math.round(lon * 1e5) / 1e5};
    }

    /** An observedAt in the past three hours: on a five-minute grid (so many are equal), sometimes off it. */
    private Instant observedAt() {
        Instant onGrid = n0.minus(5L * (1 + random.nextInt(36)), ChronoUnit.MINUTES);
        return random.nextInt(5) == 0 ? onGrid.plusSeconds(random.nextInt(300)) : onGrid;
    }

    /**
     * An observedAt for a report about {@code place}: often exactly that of another report about it (a tie, which
     * the order of first submission breaks), otherwise one of {@link #observedAt()}.
     */
    private Instant observedAtAbout(Place place, Sent except) {
        List<Instant> others = sent.stream().filter(s -> s.place.equals(place) && s != except).map(s -> s.observedAt).toList();
        return !others.isEmpty() && random.nextInt(100) < 35 ? pick(others) : observedAt();
    }

    // ----- operations -----

    private void operate() {
        int roll = random.nextInt(100);
        List<Sent> live = sent.stream().filter(s -> !s.retracted).toList();
        List<Sent> retracted = sent.stream().filter(s -> s.retracted).toList();
        if (roll < 45 || live.isEmpty()) {
            submitNew();
        } else if (roll < 51) {
            retry(pick(sent));
        } else if (roll < 54) {
            conflict(pick(sent));
        } else if (roll < 72) {
            correct(pick(live));
        } else if (roll < 78) {
            retract(pick(live));
        } else if (roll < 98 || retracted.isEmpty()) {
            verdict(pick(live), random.nextInt(10) < 6 ? "VERIFIED" : "DISPUTED");
        } else {
            changeRetracted(pick(retracted));
        }
    }

    private void submitNew() {
        int kindRoll = random.nextInt(100);
        Kind kind = kindRoll < 40 ? Kind.CLOSURE : kindRoll < 60 ? Kind.WALKOUT : Kind.HEADCOUNT;
        int reporter = random.nextInt(REPORTERS);
        Place place = pick(kind == Kind.CLOSURE ? businesses : kind == Kind.WALKOUT ? workplaces : rallies);
        Instant seen = observedAtAbout(place, null);
        Map<String, Object> body = new LinkedHashMap<>();
        UUID id = UUID.randomUUID();
        body.put("reportId", id.toString());
        body.put("kind", kind.name());
        body.put("observedAt", seen.toString());
        Facts facts;
        String status = null;
        int participants = 0;
        int headcount = 0;
        switch (kind) {
            case CLOSURE -> {
                body.put("business", subjectBody(place));
                status = pick(STATUSES);
                body.put("status", status);
                if (random.nextBoolean()) {
                    body.put("reason", pick(REASONS));
                }
                facts = Facts.closure(status);
            }
            case WALKOUT -> {
                body.put("workplace", subjectBody(place));
                String type = walkoutType(place);
                participants = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(500);
                body.put("type", type);
                body.put("participants", participants);
                if (random.nextBoolean()) {
                    body.put("workforce", participants + random.nextInt(1000));
                }
                facts = Facts.walkout(type, participants);
            }
            default -> {
                body.put("rally", subjectBody(place));
                headcount = 50 * (1 + random.nextInt(100));
                body.put("headcount", headcount);
                body.put("method", pick(METHODS));
                facts = Facts.headcount(headcount);
            }
        }
        DayDriver.Timed answer = post("submit " + kind + " " + id + " by reporter " + reporter + " about " + place.name()
                + " observed " + seen + " " + facts, reports(), reporter, body);
        expect(answer, 201);
        Sent report = new Sent(id, kind, reporter, place, body, answer.body());
        report.observedAt = seen;
        report.status = status;
        report.participants = participants;
        report.headcount = headcount;
        sent.add(report);
        oracle.submitted(answer.before(), answer.after(), id, kind, "reporter " + reporter, place.subject(), seen, facts);
        String subjectId = answer.body().path("subjectId").asString();
        String known = subjectIds.putIfAbsent(place, subjectId);
        if (known != null && !known.equals(subjectId)) {
            problems.add("Subject identity: " + place.name() + " got subjectId " + subjectId + " for " + body
                    + ", but " + known + " before");
        }
        subjectIds.forEach((other, otherId) -> {
            if (!other.equals(place) && otherId.equals(subjectId)) {
                problems.add("Subject identity: " + place.name() + " and " + other.name() + " share subjectId " + subjectId);
            }
        });
    }

    /** The subject as a reporter would type it: often the name exactly, sometimes another spelling of it. */
    private Map<String, Object> subjectBody(Place place) {
        String name = place.name();
        double lat = place.lat();
        double lon = place.lon();
        if (random.nextInt(5) == 0) {
            name = switch (random.nextInt(5)) {
                case 0 -> name.toUpperCase(Locale.ROOT);
                case 1 -> name.toLowerCase(Locale.ROOT);
                case 2 -> name.replace(" ", "   ");
                case 3 -> "  " + name + "!";
                default -> java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            };
            if (place.kind() == Kind.HEADCOUNT) {
                // A rally is the same rally wherever it is reported from.
                lat += (random.nextDouble() - 0.5) / 100;
                lon += (random.nextDouble() - 0.5) / 100;
            }
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("name", name);
        subject.put("location", Map.of("lat", lat, "lon", lon));
        if (place.sector() != null) {
            subject.put("sector", place.sector());
        }
        return subject;
    }

    private String walkoutType(Place workplace) {
        return workplace.students() ? "STUDENT_WALKOUT" : random.nextBoolean() ? "WALKOUT" : "SICKOUT";
    }

    private void retry(Sent report) {
        DayDriver.Timed answer = post("retry " + report.id, reports(), report.reporter, report.body);
        expect(answer, 200);
        if (!answer.body().equals(report.firstAnswer)) {
            problems.add("A retry of " + report.id + " was answered " + answer.body() + ", the first time " + report.firstAnswer);
        }
    }

    private void conflict(Sent report) {
        Map<String, Object> other = new LinkedHashMap<>(report.body);
        switch (report.kind) {
            case CLOSURE -> other.put("status", report.body.get("status").equals("OPEN") ? "CLOSED" : "OPEN");
            case WALKOUT -> other.put("participants", (Integer) report.body.get("participants") + 1);
            case HEADCOUNT -> other.put("headcount", (Integer) report.body.get("headcount") + 1);
        }
        expect(post("reuse " + report.id + " with other content", reports(), report.reporter, other), 409);
    }

    private void correct(Sent report) {
        Map<String, Object> body = new LinkedHashMap<>();
        Instant moved = random.nextInt(10) < 4 ? observedAtAbout(report.place, report) : null;
        if (moved != null) {
            body.put("observedAt", moved.toString());
        }
        Facts facts;
        switch (report.kind) {
            case CLOSURE -> {
                String status = pick(STATUSES.stream().filter(s -> !s.equals(report.status)).toList());
                body.put("status", status);
                if (random.nextBoolean()) {
                    body.put("reason", pick(REASONS)); // else the reason is kept (a correction carries what it changes)
                }
                report.status = status;
                facts = Facts.closure(status);
            }
            case WALKOUT -> {
                String type = walkoutType(report.place);
                int participants = report.participants == 0 || random.nextInt(6) > 0
                        ? (report.participants + 1 + random.nextInt(300)) % 501 : 0;
                body.put("type", type);
                body.put("participants", participants);
                if (report.workforce != null && participants > report.workforce) {
                    // The workforce kept would be smaller than the participants: the correction says the new one.
                    report.workforce = participants + random.nextInt(100);
                    body.put("workforce", report.workforce);
                }
                report.participants = participants;
                facts = Facts.walkout(type, participants);
            }
            default -> {
                int headcount = report.headcount + 50 * (1 + random.nextInt(40));
                body.put("headcount", headcount);
                if (random.nextBoolean()) {
                    body.put("method", pick(METHODS)); // else the method is kept
                }
                report.headcount = headcount;
                facts = Facts.headcount(headcount);
            }
        }
        int by = random.nextInt(REPORTERS);
        DayDriver.Timed answer = post("correct " + report.id + " by reporter " + by + (moved == null ? "" : " moving it to " + moved)
                + " " + facts, reports() + "/" + report.id + "/corrections", by, body);
        expect(answer, 201);
        if (moved != null) {
            report.observedAt = moved;
        }
        oracle.corrected(answer.before(), answer.after(), report.id, moved, facts);
    }

    private void retract(Sent report) {
        int by = random.nextBoolean() ? report.reporter : random.nextInt(REPORTERS);
        DayDriver.Timed answer = post("retract " + report.id + " by reporter " + by,
                reports() + "/" + report.id + "/retraction", by, "");
        expect(answer, 200);
        report.retracted = true;
        oracle.retracted(answer.before(), answer.after(), report.id);
    }

    private void verdict(Sent report, String verdict) {
        int by = random.nextInt(REPORTERS);
        DayDriver.Timed answer = post(verdict + " " + report.id + " by reporter " + by,
                reports() + "/" + report.id + "/verdict", by, Map.of("verdict", verdict));
        expect(answer, 200);
        oracle.judged(answer.before(), answer.after(), report.id, verdict);
    }

    private void changeRetracted(Sent report) {
        if (random.nextBoolean()) {
            expect(post("verdict on retracted " + report.id, reports() + "/" + report.id + "/verdict", 0,
                    Map.of("verdict", "VERIFIED")), 409);
        } else {
            Map<String, Object> correction = switch (report.kind) {
                case CLOSURE -> Map.of("status", "OPEN");
                case WALKOUT -> Map.of("type", walkoutType(report.place), "participants", 1);
                case HEADCOUNT -> Map.of("headcount", 1, "method", "OTHER");
            };
            expect(post("correct retracted " + report.id, reports() + "/" + report.id + "/corrections", 0, correction), 409);
        }
    }

    private DayDriver.Timed post(String description, String path, int reporter, Object body) {
        DayDriver.Timed answer = driver.post(path, tokens.get(reporter), body);
        long position = answer.status() / 100 == 2 ? answer.position() : -1;
        operations.add(new Operation(description, answer.before(), answer.after(), answer.status(), position));
        return answer;
    }

    /** An operation's status is what the contract says, or the day goes on on a false footing: stop at once. */
    private void expect(DayDriver.Timed answer, int status) {
        Operation op = operations.get(operations.size() - 1);
        assertThat(answer.status()).as("seed %d, operation %d (%s): %s", seed, operations.size() - 1, op.description(),
                answer.answer().raw()).isEqualTo(status);
        if (status / 100 == 2) {
            lastPosition = Math.max(lastPosition, answer.position());
        }
    }

    private String reports() {
        return "/api/days/" + day + "/reports";
    }

    // ----- views -----

    /** T for a view: null (left out, so T = K), an observedAt, an observedAt + 60 min (crowd edges), or any time. */
    private Instant chooseT() {
        List<Instant> observed = oracle.observedAts();
        int roll = random.nextInt(100);
        if (roll < 10) {
            return null;
        } else if (roll < 35) {
            return pick(observed);
        } else if (roll < 55) {
            return pick(observed).plus(HOUR);
        } else if (roll < 62) {
            return pick(observed).plus(HOUR).minusMillis(1);
        } else if (roll < 67) {
            return pick(observed).minusMillis(1);
        } else if (roll < 95) {
            return startsAt.plusMillis((long) (random.nextDouble() * Duration.between(startsAt, n0).toMillis()));
        }
        return n0.plusMillis((long) (random.nextDouble() * Duration.between(n0, endsAt).toMillis()));
    }

    /** An instant in whole milliseconds strictly after {@code after} and before {@code before}. */
    private View compare(String label, Instant at, Instant knownAt, Mode mode) {
        JsonNode answer = driver.tally(tokens.get(0), day, at, knownAt, mode.name());
        Instant t = at == null ? knownAt : at;
        checkEcho(label, answer, t, knownAt, mode);
        check(label, answer, t, knownAt, mode, oracle.tally(t, knownAt, mode));
        return new View(label, t, knownAt, mode, answer.path("position").asLong());
    }

    /**
     * The live tally (no at, no knownAt): the oracle at T = K = the answer's at, the server's now. While an event
     * committed by then is still being applied (a checkpoint, say), the answer truthfully says it is complete only up
     * to an earlier knownAt; it is asked again until it is complete at now.
     */
    private View compareLive(Mode mode) throws InterruptedException {
        String label = "live";
        Instant before;
        Instant after;
        JsonNode answer;
        int tries = 0;
        while (true) {
            before = Instant.now();
            answer = driver.tally(tokens.get(0), day, null, null, mode == Mode.ALL ? null : mode.name());
            after = Instant.now();
            Instant knownAt = Instant.parse(answer.path("knownAt").asString());
            if (knownAt.isAfter(Instant.parse(answer.path("at").asString()))) {
                problems.add("live " + mode + ": knownAt " + knownAt + " is after its at " + answer.path("at"));
            }
            if (!knownAt.isBefore(Instant.parse(answer.path("at").asString())) || ++tries == 50) {
                break;
            }
            Thread.sleep(100);
        }
        Instant now = Instant.parse(answer.path("at").asString());
        if (now.isBefore(before) || now.isAfter(after)) {
            problems.add("live " + mode + ": at " + now + " is not within the request [" + before + ", " + after + "]");
        }
        checkEcho(label, answer, now, now, mode);
        check(label, answer, now, now, mode, oracle.tally(now, now, mode));
        return new View(label, now, now, mode, answer.path("position").asLong());
    }

    private void checkEcho(String label, JsonNode answer, Instant at, Instant knownAt, Mode mode) {
        if (!String.valueOf(at).equals(instantOrText(answer.path("at")))
                || !String.valueOf(knownAt).equals(instantOrText(answer.path("knownAt")))
                || !mode.name().equals(answer.path("mode").asString())) {
            problems.add(String.format("seed %d, %s: asked T=%s K=%s mode=%s, answer says at=%s knownAt=%s mode=%s",
                    seed, label, at, knownAt, mode, answer.path("at"), answer.path("knownAt"), answer.path("mode")));
        }
    }

    private static String instantOrText(JsonNode node) {
        try {
            return Instant.parse(node.asString()).toString();
        } catch (RuntimeException e) {
            return node.toString();
        }
    }

    private void check(String label, JsonNode answer, Instant at, Instant knownAt, Mode mode, Figures expected) {
        Figures actual = Figures.of(answer);
        List<String> differences = expected.differencesFrom(actual);
        if (!differences.isEmpty()) {
            StringBuilder text = new StringBuilder(String.format(
                    "MISMATCH seed=%d %s: T=%s K=%s mode=%s%n  %s", seed, label, at, knownAt, mode,
                    String.join("\n  ", differences)));
            if (problems.stream().filter(p -> p.startsWith("MISMATCH")).count() < 5) {
                text.append("\n  oracle: ").append(expected).append("\n  service: ").append(answer);
            }
            problems.add(text.toString());
        }
    }

    /**
     * position never goes back as K grows, and a view as known at K reflects at least every change answered before K.
     */
    private void checkPositions(List<View> views) {
        List<View> byK = views.stream().sorted(Comparator.comparing(View::knownAt)).toList();
        for (int i = 1; i < byK.size(); i++) {
            View earlier = byK.get(i - 1);
            View later = byK.get(i);
            if (later.position() < earlier.position()) {
                problems.add("position goes back as K grows: " + earlier + " then " + later);
            }
        }
        for (View view : views) {
            long known = operations.stream().filter(op -> op.position() >= 0 && !op.after().isAfter(view.knownAt()))
                    .mapToLong(Operation::position).max().orElse(0);
            if (view.position() < known) {
                problems.add("position " + view.position() + " of " + view + " is before position " + known
                        + " of a change answered before K");
            }
        }
    }

    /** What the day was made of and what the views showed, so that a reader can see what was covered. */
    private void summarize(List<View> views) {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        operations.forEach(op -> kinds.merge(op.description().split(" ")[0], 1, Integer::sum));
        StringBuilder text = new StringBuilder("Seed " + seed + ": " + operations.size() + " operations " + kinds
                + ", " + sent.size() + " reports; views (T, K, mode: closed/partial/open, workplaces/workers/students,"
                + " crowd estimate/low/high/rallies peak@peakAt, reports total/verified/disputed/retracted):\n");
        for (View view : views) {
            Map<String, Object> f = oracle.tally(view.at(), view.knownAt(), view.mode()).asMap();
            text.append(String.format("  %-32s T=%s K=%s %-8s %s/%s/%s  %s/%s/%s  %s/%s/%s/%s %s@%s  %s/%s/%s/%s%n",
                    view.label(), view.at(), view.knownAt(), view.mode(), f.get("businesses.closed"),
                    f.get("businesses.partial"), f.get("businesses.open"), f.get("walkouts.workplaces"),
                    f.get("walkouts.workers"), f.get("walkouts.students"), f.get("crowd.estimate"), f.get("crowd.low"),
                    f.get("crowd.high"), f.get("crowd.rallies"), f.get("crowd.peak"), f.get("crowd.peakAt"),
                    f.get("reports.total"), f.get("reports.verified"), f.get("reports.disputed"),
                    f.get("reports.retracted")));
        }
        System.out.print(text);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
