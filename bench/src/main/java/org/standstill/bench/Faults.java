package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault suite of issue 14, shared by {@code FaultsIT} (which asserts what each fault must leave intact) and the
 * {@code faults} benchmark (which reports how long recovery took). A platform of its own ({@link
 * Platform#startForFaults}), a live day, reporters enrolled through invites and join that send reports steadily with
 * client-chosen reportIds and retry each one, the same body, until it is answered 2xx, and a dashboard on the day's
 * live tally that reconnects whenever it is cut off. Each fault is injected under that load; afterwards the suite
 * waits until both services say UP, measures when a live push first reflects a report accepted after the fault, and
 * checks exactly-once: every acknowledged report is in the feed once, nothing is there that was never sent, the
 * tally's {@code reports.total} is the feed's count at the tally's position, and (optionally) a rebuild's digests
 * are equal and it leaves nothing behind.
 */
public final class Faults implements AutoCloseable {

    public static final String KILL_COMMAND = "kill -9 command-service";
    public static final String KILL_QUERY = "kill -9 query-service";
    public static final String RESTART_DATABASE = "crash and restart PostgreSQL";
    public static final String CUT_COMMAND = "cut command-service <-> PostgreSQL";
    public static final String CUT_QUERY = "cut query-service <-> PostgreSQL";
    public static final String KILL_QUERY_DURING_REBUILD = "kill -9 query-service during a rebuild";
    public static final String CUT_QUERY_DURING_REBUILD = "cut query-service <-> PostgreSQL during a rebuild";
    /** Every fault, in the order the suite injects them. */
    public static final List<String> SEQUENCE = List.of(KILL_COMMAND, KILL_QUERY, RESTART_DATABASE, CUT_COMMAND,
            CUT_QUERY, KILL_QUERY_DURING_REBUILD, CUT_QUERY_DURING_REBUILD);

    /**
     * @param reporters     reporter threads, each its own pseudonym
     * @param pause         between one reporter's acknowledged report and its next
     * @param refusal       how long a cut connection stays refused
     * @param recovery      how long to wait for health, a push, the feed to hold every acknowledged report
     * @param rebuildAfterEach whether every fault is followed by a rebuild (else only the rebuild fault's)
     */
    public record Settings(int reporters, Duration pause, Duration refusal, Duration recovery, boolean rebuildAfterEach,
                           boolean durable, List<String> jvmOptions, Map<String, String> querySettings) {
    }

    /** What exactly-once found after a fault. Every list is empty when it holds. */
    public record Check(int sent, int acknowledged, int inFeed, List<String> lostAcknowledged,
                        List<String> countedTwice, List<String> neverSent, long tallyPosition, long tallyTotal,
                        long feedAtTallyPosition, long storedAcknowledged, Duration waited) {

        public boolean exactlyOnce() {
            return lostAcknowledged.isEmpty() && countedTwice.isEmpty() && neverSent.isEmpty()
                    && tallyTotal == feedAtTallyPosition && storedAcknowledged == acknowledged;
        }

        @Override
        public String toString() {
            return String.format("%d sent, %d acknowledged, %d in the feed; acknowledged but missing %s, twice %s, "
                            + "never sent %s; tally at position %d: reports.total %d, feed there %d; acknowledged in "
                            + "the event store %d; waited %.1f s", sent, acknowledged, inFeed, some(lostAcknowledged),
                    some(countedTwice), some(neverSent), tallyPosition, tallyTotal, feedAtTallyPosition,
                    storedAcknowledged, waited.toMillis() / 1000.0);
        }

        /** How many, and the first few. */
        public static String some(List<String> ids) {
            return ids.size() + (ids.isEmpty() ? "" : " " + ids.subList(0, Math.min(3, ids.size())) + "…");
        }
    }

    /** A rebuild's end, and what it left behind: schemas named rebuild_*, token claims of rebuild-*, processors. */
    public record Rebuild(String state, Boolean digestsEqual, String differences, List<String> leftSchemas,
                          List<String> leftClaims, boolean processorsRunning, Duration took) {

        public boolean clean() {
            return "DONE".equals(state) && Boolean.TRUE.equals(digestsEqual) && leftSchemas.isEmpty()
                    && leftClaims.isEmpty() && processorsRunning;
        }
    }

    /**
     * After one fault: how long from its injection until both services were UP again, and until a live push reflected
     * a report acknowledged after it (null: never within the recovery time); requests whose answer was lost (no
     * answer, or a 5xx) and of those, the ones whose retry was answered 200 (stored though the answer was lost).
     */
    public record Outcome(String fault, String note, Duration healthy, Duration pushResumed, int answersLost,
                          int storedDespiteLostAnswer, Check check, Rebuild rebuild, List<String> anomalies,
                          String interruptedRebuild) {
    }

    private final Settings settings;
    private final PrintStream out;
    public final Platform platform;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String coordinator;
    public final String dayId;
    private final LivePushes pushes;
    private final List<Thread> reporters = new ArrayList<>();
    private volatile boolean sending = true;

    private record Ack(long nanos, long position, int status) {
    }

    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** Per report, each attempt's answer (status, or -1 for none) and when (ms since the suite started). */
    private final Map<String, List<String>> attempts = new ConcurrentHashMap<>();
    private final long startedNanos = System.nanoTime();
    private final Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger answersLost = new AtomicInteger();
    private final AtomicInteger storedDespiteLostAnswer = new AtomicInteger();
    private final List<String> anomalies = java.util.Collections.synchronizedList(new ArrayList<>());

    private Faults(Settings settings, PrintStream out, Platform platform) throws Exception {
        this.settings = settings;
        this.out = out;
        this.platform = platform;
        Api command = new Api(platform.commandUrl());
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR",
                "label", "fault suite"));
        require(issued, 201, "a coordinator token");
        coordinator = issued.body().path("token").asString();
        dayId = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        require(command.post("/api/days", coordinator, Map.of("id", dayId, "name", "Day of Truth and Freedom",
                "city", "Minneapolis", "timeZone", "America/Chicago", "startsAt", now.minus(Duration.ofHours(2)).toString(),
                "endsAt", now.plus(Duration.ofHours(10)).toString())), 201, "plan the day");
        require(command.post("/api/days/" + dayId + "/opening", coordinator, ""), 200, "open the day");
        Api.Answer invited = command.post("/api/days/" + dayId + "/invites", coordinator,
                Map.of("count", settings.reporters(), "expiresAt", now.plus(Duration.ofHours(2)).toString()));
        require(invited, 201, "invite codes");
        List<String> tokens = new ArrayList<>();
        for (JsonNode code : invited.body().path("codes")) {
            Api.Answer joined = command.post("/api/join", null, Map.of("code", code.asString()));
            require(joined, 201, "join with an invite code");
            tokens.add(joined.body().path("token").asString());
        }
        pushes = new LivePushes(platform.queryUrl(), coordinator, dayId);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            int reporter = i;
            Thread thread = new Thread(() -> report(reporter, token), "reporter-" + i);
            thread.setDaemon(true);
            reporters.add(thread);
        }
        reporters.forEach(Thread::start);
        out.printf("Faults: day %s, %d reporters sending, a dashboard on /topic/days/%s/tally%n", dayId, tokens.size(),
                dayId);
    }

    /** Starts the platform, the reporters and the dashboard; the load runs until {@link #stopSending()}. */
    public static Faults start(Path logs, Settings settings, PrintStream out) throws Exception {
        Map<String, String> command = Map.of(
                "STANDSTILL_LIMITS_REPORTER_PER_SECOND", "1000", "STANDSTILL_LIMITS_REPORTER_BURST", "1000",
                "STANDSTILL_LIMITS_STAFF_PER_SECOND", "1000", "STANDSTILL_LIMITS_STAFF_BURST", "1000",
                "STANDSTILL_CHECKPOINT_INTERVAL", "PT3S", "STANDSTILL_CHECKPOINT_SETTLE", "PT1S");
        Map<String, String> query = new HashMap<>(Map.of(
                "STANDSTILL_LIMITS_STAFF_PER_SECOND", "5000", "STANDSTILL_LIMITS_STAFF_BURST", "5000"));
        query.putAll(settings.querySettings());
        out.println("Faults: starting a platform of its own (restartable PostgreSQL, a TCP proxy per service)...");
        Platform platform = Platform.startForFaults(logs, settings.durable(), command, query, settings.jvmOptions());
        try {
            return new Faults(settings, out, platform);
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ the load

    private void report(int reporter, String token) {
        Random random = new Random(reporter * 7919L);
        URI url = platform.commandUrl().resolve("/api/days/" + dayId + "/reports");
        for (int n = 0; sending; n++) {
            String reportId = UUID.randomUUID().toString();
            String body = Api.JSON.writeValueAsString(Map.of("reportId", reportId, "kind", "CLOSURE",
                    "observedAt", Instant.now().minusSeconds(30).toString(),
                    "business", Map.of("name", "Shop " + reporter + "-" + n, "sector", "RETAIL",
                            "location", Map.of("lat", 44.95 + random.nextDouble() * 0.04,
                                    "lon", -93.30 + random.nextDouble() * 0.1)),
                    "status", random.nextInt(4) == 0 ? "PARTIAL" : "CLOSED", "reason", "WORKER_ACTION"));
            sent.add(reportId);
            boolean answerLost = false;
            while (sending) {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int status;
                JsonNode answer;
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    answer = response.body() == null || response.body().isBlank() ? Api.JSON.createObjectNode()
                            : Api.JSON.readTree(response.body());
                } catch (IOException | RuntimeException e) {
                    status = -1;
                    answer = null;
                } catch (InterruptedException e) {
                    return;
                }
                attempts.computeIfAbsent(reportId, id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(status + "@" + (System.nanoTime() - startedNanos) / 1_000_000 + "ms"
                                + (answer == null ? "" : answer.has("position") ? " position " + answer.path("position").asLong()
                                : " " + answer.toString().substring(0, Math.min(300, answer.toString().length()))));
                if ((status == 201 || status == 200) && !answer.has("position")) {
                    // Taken for an acknowledgement, as a phone would; but the contract's answer carries the position.
                    anomalies.add(reportId + " answered " + status + " without a position: " + answer);
                }
                if (status == 201 || status == 200) {
                    acknowledged.put(reportId, new Ack(System.nanoTime(), answer.path("position").asLong(), status));
                    if (answerLost && status == 200) {
                        storedDespiteLostAnswer.incrementAndGet();
                    }
                    break;
                }
                if (status == 429) {
                    sleep(500);
                } else if (status == -1 || status >= 500) {
                    if (!answerLost) {
                        answerLost = true;
                        answersLost.incrementAndGet();
                    }
                    sleep(200);
                } else {
                    anomalies.add(reportId + " answered " + status + ": " + answer);
                    break;
                }
            }
            sleep(settings.pause().toMillis());
        }
    }

    /** Stops the reporters: a report still unanswered stays unacknowledged. Answers the reports sent. */
    public int stopSending() throws InterruptedException {
        sending = false;
        for (Thread reporter : reporters) {
            reporter.join(15_000);
        }
        return sent.size();
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    public int sentCount() {
        return sent.size();
    }

    /** Answers that were not 2xx, 429, 5xx or lost: a report refused (400, 409…) — none are expected. */
    public List<String> anomalies() {
        synchronized (anomalies) {
            return List.copyOf(anomalies);
        }
    }

    /** Each attempt's answer for a report (status or -1 for none, when, the position answered). */
    public List<String> attemptsOf(String reportId) {
        List<String> of = attempts.get(reportId);
        if (of == null) {
            return List.of();
        }
        synchronized (of) {
            return List.copyOf(of);
        }
    }

    /** Lets the load run for a while (between faults). */
    public void steady(Duration duration) {
        sleep(duration.toMillis());
    }

    // ------------------------------------------------------------------------------------------------ the faults

    /** Injects {@code fault} (one of {@link #SEQUENCE}) and checks what it left. */
    public Outcome inject(String fault) throws Exception {
        return switch (fault) {
            case KILL_COMMAND -> killAndRestart("command-service");
            case KILL_QUERY -> killAndRestart("query-service");
            case RESTART_DATABASE -> restartDatabase();
            case CUT_COMMAND -> cut("command-service");
            case CUT_QUERY -> cut("query-service");
            case KILL_QUERY_DURING_REBUILD -> killQueryDuringRebuild();
            case CUT_QUERY_DURING_REBUILD -> cutQueryDuringRebuild();
            default -> throw new IllegalArgumentException("No fault " + fault);
        };
    }

    private Outcome killAndRestart(String service) throws Exception {
        Mark mark = mark();
        platform.kill(service);
        if (service.equals("command-service")) {
            platform.startCommandService();
        } else {
            platform.startQueryService();
        }
        return after(service.equals("command-service") ? KILL_COMMAND : KILL_QUERY, mark,
                "SIGKILL, then started again at once on the same port", settings.rebuildAfterEach(), null);
    }

    private Outcome restartDatabase() throws Exception {
        Mark mark = mark();
        long crashed = System.nanoTime();
        platform.crashAndRestartDatabase();
        return after(RESTART_DATABASE, mark, String.format("SIGQUIT to the postmaster (immediate shutdown), started "
                + "again on the same port and data in %.1f s", (System.nanoTime() - crashed) / 1e9),
                settings.rebuildAfterEach(), null);
    }

    private Outcome cut(String service) throws Exception {
        TcpProxy proxy = platform.proxyOf(service);
        Mark mark = mark();
        proxy.refusing(true);
        int cut = proxy.cut();
        sleep(settings.refusal().toMillis());
        proxy.refusing(false);
        return after(service.equals("command-service") ? CUT_COMMAND : CUT_QUERY, mark, String.format(
                "%d open connections reset, new ones refused for %d s", cut, settings.refusal().toSeconds()),
                settings.rebuildAfterEach(), null);
    }

    /**
     * Starts a rebuild and kills query-service while it runs: at the first sight of the rebuild's claim on the live
     * processor's token (the live processor is paused then), or, if a rebuild ends before it is seen, on the next
     * attempt at the first sight of its schema. After the restart, nothing of it may be left and a new rebuild must
     * complete with equal digests.
     */
    private Outcome killQueryDuringRebuild() throws Exception {
        Interrupted interrupted = duringRebuild(() -> platform.kill("query-service"));
        List<String> left = leftSchemas();
        platform.startQueryService();
        return after(KILL_QUERY_DURING_REBUILD, interrupted.mark(), "killed " + interrupted.when()
                + "; the crash left schemas " + left + "; started again at once", true, null);
    }

    /**
     * Starts a rebuild and, while it runs (as {@link #killQueryDuringRebuild}), resets query-service's connections to
     * PostgreSQL and refuses new ones for a few seconds. The rebuild must end (FAILED, or DONE), the live processor
     * must run again, and a new rebuild must complete with equal digests and leave nothing behind.
     */
    private Outcome cutQueryDuringRebuild() throws Exception {
        TcpProxy proxy = platform.proxyOf("query-service");
        int[] cut = new int[1];
        Interrupted interrupted = duringRebuild(() -> {
            proxy.refusing(true);
            cut[0] = proxy.cut();
        });
        sleep(settings.refusal().toMillis());
        proxy.refusing(false);
        String state = awaitRebuildEnd(interrupted.jobId(), settings.recovery());
        return after(CUT_QUERY_DURING_REBUILD, interrupted.mark(), cut[0] + " connections reset " + interrupted.when()
                + ", new ones refused for " + settings.refusal().toSeconds() + " s; the interrupted rebuild ended "
                + state, true, state);
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private record Interrupted(Mark mark, String jobId, String when) {
    }

    /** Starts rebuilds until {@code fault} could be injected while one ran (at most four). */
    private Interrupted duringRebuild(Fault fault) throws Exception {
        for (int attempt = 1; attempt <= 4; attempt++) {
            Api.Answer started = new Api(platform.queryUrl()).post("/api/projections/rebuild", platform.adminToken(), "");
            require(started, 202, "start a rebuild");
            String jobId = started.body().path("jobId").asString();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try (Connection db = jdbc(); Statement sql = db.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = sql.executeQuery("""
                            SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%'),
                                   (SELECT count(*) FROM tokenentry WHERE owner LIKE 'rebuild-%')""")) {
                        rs.next();
                        boolean schema = rs.getLong(1) > 0;
                        boolean claimed = rs.getLong(2) > 0;
                        if (claimed || (schema && attempt >= 3)) {
                            Mark mark = mark();
                            fault.inject();
                            return new Interrupted(mark, jobId, claimed
                                    ? "while the rebuild held the live processor's token (processor paused)"
                                    : "while the rebuild replayed into its schema");
                        }
                    }
                    if (rebuildEnded(jobId)) {
                        break;
                    }
                    Thread.sleep(2);
                }
            }
        }
        throw new IllegalStateException("Four rebuilds ended before the fault could be injected during one");
    }

    /** Polls the rebuild until it is no longer RUNNING; answers its state (RUNNING if it never ends in time). */
    private String awaitRebuildEnd(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "RUNNING";
        while (System.nanoTime() < deadline) {
            try {
                Api.Answer status = new Api(platform.queryUrl()).get("/api/projections/rebuild/" + jobId,
                        platform.adminToken());
                state = status.status() == 200 ? status.body().path("state").asString() : "HTTP " + status.status();
                if (!"RUNNING".equals(state)) {
                    return state;
                }
            } catch (RuntimeException notYet) {
                // the service is reconnecting
            }
            Thread.sleep(250);
        }
        return state;
    }

    private boolean rebuildEnded(String jobId) {
        Api.Answer status = new Api(platform.queryUrl()).get("/api/projections/rebuild/" + jobId, platform.adminToken());
        return status.status() == 200 && !"RUNNING".equals(status.body().path("state").asString());
    }

    // ------------------------------------------------------------------------------------------------ afterwards

    private record Mark(long nanos, int answersLost, int storedDespiteLostAnswer, int anomalies) {
    }

    private Mark mark() {
        return new Mark(System.nanoTime(), answersLost.get(), storedDespiteLostAnswer.get(), anomalies().size());
    }

    private Outcome after(String fault, Mark mark, String note, boolean rebuild, String interruptedRebuild)
            throws Exception {
        Duration recovery = settings.recovery();
        Duration healthy = awaitUp(mark.nanos(), recovery);
        Duration pushed = awaitPushAfter(mark.nanos(), recovery);
        Check check = checkExactlyOnce(recovery);
        Rebuild rebuilt = rebuild ? rebuild(recovery) : null;
        List<String> all = anomalies();
        Outcome outcome = new Outcome(fault, note, healthy, pushed, answersLost.get() - mark.answersLost(),
                storedDespiteLostAnswer.get() - mark.storedDespiteLostAnswer(), check, rebuilt,
                all.subList(mark.anomalies(), all.size()), interruptedRebuild);
        check.lostAcknowledged().stream().limit(5).forEach(id -> out.printf("Faults: acknowledged but missing: %s, "
                + "answers %s%n", id, attemptsOf(id)));
        out.printf("Faults: %s (%s): healthy after %s, live push after %s; %d answers lost (%d stored all the same); "
                        + "%d acknowledged of %d sent, exactly once: %s%s%n", fault, note, seconds(healthy),
                seconds(pushed), outcome.answersLost(), outcome.storedDespiteLostAnswer(), check.acknowledged(),
                check.sent(), check.exactlyOnce() ? "yes" : "NO " + check,
                rebuilt == null ? "" : "; rebuild " + (rebuilt.clean() ? "clean, digests equal" : "NOT CLEAN " + rebuilt));
        return outcome;
    }

    private static String seconds(Duration duration) {
        return duration == null ? "never" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    /** Waits until both services' health status is UP; answers the time since {@code since}, or null. */
    public Duration awaitUp(long since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if ("UP".equals(health(platform.commandUrl())) && "UP".equals(health(platform.queryUrl()))) {
                return Duration.ofNanos(System.nanoTime() - since);
            }
            Thread.sleep(100);
        }
        return null;
    }

    /** The status of a service's /actuator/health, or why there is none. */
    public String health(URI service) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return Api.JSON.readTree(response.body()).path("status").asString("HTTP " + response.statusCode());
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    /**
     * The time from {@code since} until a live push reflected a report acknowledged after {@code since}, or null if
     * none did within {@code timeout}.
     */
    private Duration awaitPushAfter(long since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Ack first = null;
        while (first == null && System.nanoTime() < deadline) {
            first = acknowledged.values().stream().filter(a -> a.nanos() > since)
                    .min(java.util.Comparator.comparingLong(Ack::nanos)).orElse(null);
            if (first == null) {
                Thread.sleep(20);
            }
        }
        if (first == null) {
            return null;
        }
        LivePushes.Push push = pushes.firstReaching(first.position(), since,
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return push == null ? null : Duration.ofNanos(push.nanos() - since);
    }

    /**
     * Exactly-once as the query service shows it: waits (up to {@code timeout}) until the tally agrees with the feed
     * and the feed holds every report
     * acknowledged so far, then compares reportIds — none acknowledged missing, none twice, none that no reporter
     * sent — and the tally's {@code reports.total} with the feed's reports at or below the tally's position recorded
     * by its {@code knownAt}; and every acknowledged report is in the event store.
     */
    /** The feed's reports at or below the tally's position, recorded by its knownAt: what its reports.total counts. */
    private static long reportsAt(List<JsonNode> feed, JsonNode tally) {
        long position = tally.path("position").asLong(-1);
        Instant knownAt = Instant.parse(tally.path("knownAt").asString());
        return feed.stream().filter(r -> r.path("position").asLong() <= position
                && !Instant.parse(r.path("recordedAt").asString()).isAfter(knownAt)).count();
    }

    public Check checkExactlyOnce(Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Set<String> acked = new HashSet<>(acknowledged.keySet());
        List<JsonNode> feed;
        JsonNode tally;
        Set<String> missing;
        while (true) {
            tally = get(platform.queryUrl(), "/api/days/" + dayId + "/tally");
            feed = feed();
            Set<String> ids = new HashSet<>();
            feed.forEach(r -> ids.add(r.path("reportId").asString()));
            missing = new HashSet<>(acked);
            missing.removeAll(ids);
            // Right after a fault the tally and the feed, read one after the other, may stand at different moments.
            if ((missing.isEmpty() && tally.path("reports").path("total").asLong(-1) == reportsAt(feed, tally))
                    || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        Set<String> everSent = new HashSet<>(sent);
        Map<String, Integer> times = new HashMap<>();
        feed.forEach(r -> times.merge(r.path("reportId").asString(), 1, Integer::sum));
        List<String> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        List<String> unknown = times.keySet().stream().filter(id -> !everSent.contains(id)).sorted().toList();
        long position = tally.path("position").asLong(-1);
        return new Check(everSent.size(), acked.size(), feed.size(), missing.stream().sorted().toList(), twice, unknown,
                position, tally.path("reports").path("total").asLong(-1), reportsAt(feed, tally), stored(acked),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Every report of the day in the feed, paged with its cursor. */
    private List<JsonNode> feed() throws Exception {
        List<JsonNode> reports = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get(platform.queryUrl(), "/api/days/" + dayId + "/reports?after=" + after + "&limit=1000");
            page.path("reports").forEach(reports::add);
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return reports;
            }
            after = page.path("next").asLong();
        }
    }

    /** How many of {@code reportIds} have their submission in the event store (read directly, not through a service). */
    private long stored(Set<String> reportIds) throws SQLException {
        try (Connection db = jdbc(); PreparedStatement statement = db.prepareStatement(
                "SELECT count(*) FROM domainevententry WHERE sequencenumber = 0 AND aggregateidentifier = ANY (?)")) {
            statement.setArray(1, db.createArrayOf("varchar", reportIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A full rebuild, polled until it ends, and what it left behind. */
    public Rebuild rebuild(Duration timeout) throws Exception {
        long started = System.nanoTime();
        Api query = new Api(platform.queryUrl());
        Api.Answer start = query.post("/api/projections/rebuild", platform.adminToken(), "");
        require(start, 202, "start a rebuild");
        String jobId = start.body().path("jobId").asString();
        JsonNode status;
        do {
            Thread.sleep(200);
            status = query.get("/api/projections/rebuild/" + jobId, platform.adminToken()).body();
        } while ("RUNNING".equals(status.path("state").asString()) && System.nanoTime() - started < timeout.toNanos());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        sleep(300); // the live processor is started again just after the job says DONE
        JsonNode processors = query.get("/api/projections", platform.adminToken()).body().path("processors");
        boolean running = processors.size() > 0;
        for (JsonNode processor : processors) {
            running &= processor.path("running").asBoolean();
        }
        return new Rebuild(status.path("state").asString(), status.path("digestsEqual").isBoolean()
                ? status.path("digestsEqual").asBoolean() : null, status.path("differences").toString(),
                leftSchemas(), leftClaims(), running, took);
    }

    /** Schemas a rebuild creates ({@code rebuild_*}) that exist now. */
    public List<String> leftSchemas() throws SQLException {
        return strings("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' ORDER BY 1");
    }

    /** Token rows claimed by a rebuild ({@code rebuild-*}) now. */
    public List<String> leftClaims() throws SQLException {
        return strings("SELECT processorname || '/' || segment || ' ' || owner FROM tokenentry WHERE owner LIKE 'rebuild-%'");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = jdbc(); Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** The database directly, not through a service's proxy. */
    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }

    private JsonNode get(URI service, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve(path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + coordinator).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Api.JSON.readTree(response.body());
    }

    /** The figures of one outcome, for a benchmark's JSON. */
    public static Map<String, Object> toMap(Outcome o) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fault", o.fault());
        map.put("note", o.note());
        map.put("healthySeconds", o.healthy() == null ? null : o.healthy().toMillis() / 1000.0);
        map.put("pushResumedSeconds", o.pushResumed() == null ? null : o.pushResumed().toMillis() / 1000.0);
        map.put("answersLost", o.answersLost());
        map.put("storedDespiteLostAnswer", o.storedDespiteLostAnswer());
        map.put("sent", o.check().sent());
        map.put("acknowledged", o.check().acknowledged());
        map.put("exactlyOnce", o.check().exactlyOnce());
        map.put("check", o.check().toString());
        map.put("rebuild", o.rebuild() == null ? null : o.rebuild().toString());
        map.put("anomalies", o.anomalies());
        map.put("interruptedRebuild", o.interruptedRebuild());
        return map;
    }

    private static void require(Api.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException("Cannot " + what + ": " + answer.status() + " " + answer.raw());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        sending = false;
        for (Thread reporter : reporters) {
            reporter.join(5_000);
        }
        pushes.close();
        platform.close();
    }
}
