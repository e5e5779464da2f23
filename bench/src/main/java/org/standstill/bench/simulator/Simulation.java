package org.standstill.bench.simulator;

import org.standstill.bench.Api;
import org.standstill.bench.Platform;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scenario simulator as a command: plans the day (zones of SCENARIO.md, approximate), opens it, enrols the
 * reporters through invites and join, plays the generated day at the chosen speed and prints its progress and the
 * tally. {@code standstill simulate [options]} on a throwaway platform or on one given by URL, and
 * {@code standstill --demo} on the running platform.
 */
public final class Simulation {

    public static final String USAGE = """
            standstill simulate [--speed realtime|xN|max] [--seed N] [--businesses N] [--reporters N] [--threads N]
                                [--clock live|recent|historical] [--day ID]
                                [--command-url URL --query-url URL --admin-token TOKEN]
              plays a generated day modelled on Minneapolis-St Paul, 23 January 2026 (SCENARIO.md) over the HTTP API;
              without URLs, into a throwaway platform started for the purpose. Defaults: --speed max --seed 2026
              --businesses 1000 --reporters 150 --threads 16; --clock live for realtime/xN (the day happens now,
              compressed by the speed), recent for max (the day happened today, every instant in the past),
              historical puts it on the real date (reporters then get COORDINATOR tokens: invites cannot be issued for
              a day that long gone).
              --campaign [--cities N]: the national scenario instead, May Day 2026 in N metro areas (default 30, up
              to 300) of four time zones played into one campaign, each city's day the Twin Cities day moved there at
              its own local hours, the model city at the size asked and the others smaller by rank.""";

    /** What to play. */
    public record Options(double speed, long seed, int businesses, int reporters, int threads, DayClock.Kind clock,
                          String dayId, URI commandUrl, URI queryUrl, String adminToken, boolean campaign, int cities) {

        static Options defaults() {
            return new Options(0, 2026, 1000, 150, 16, null, null, null, null, null, false, 30);
        }

        DayClock.Kind clockKind() {
            return clock != null ? clock : speed > 0 ? DayClock.Kind.LIVE : DayClock.Kind.RECENT;
        }
    }

    /** A played day: where it went, who watched it, what was sent and how it was answered. */
    public record Played(String dayId, String coordinatorToken, Scenario scenario, DayClock clock,
                         Player.Outcome outcome) {
    }

    private final PrintStream out;

    public Simulation(PrintStream out) {
        this.out = out;
    }

    /** {@code simulate [options]}. */
    public static void main(List<String> args) throws Exception {
        if (args.contains("-h") || args.contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        Options options = parse(args, Options.defaults());
        Simulation simulation = new Simulation(System.out);
        if (options.commandUrl() != null) {
            if (options.queryUrl() == null || options.adminToken() == null) {
                throw new IllegalArgumentException("--command-url needs --query-url and --admin-token too");
            }
            simulation.play(options, options.commandUrl(), options.queryUrl(), options.adminToken());
            return;
        }
        System.out.println("Starting a throwaway platform (fresh database, free ports)...");
        try (Platform platform = Platform.startForBench(Map.of(), List.of(), List.of())) {
            simulation.play(options, platform.commandUrl(), platform.queryUrl(), platform.adminToken());
        }
    }

    /** The demo of the run command: a compressed day (×60 by default) played into the running platform. */
    public static void demo(Platform platform, List<String> args) {
        try {
            Options options = parse(args, new Options(60, 2026, 1000, 150, 16, null, null, null, null, null, false, 30));
            if (options.campaign()) {
                new National(System.out).play(options, platform.commandUrl(), platform.queryUrl(), platform.adminToken(),
                        true);
                System.out.println("--demo: the campaign's days have been played and closed; the platform keeps running "
                        + "(Ctrl-C stops it).");
                return;
            }
            Played played = new Simulation(System.out).run(options, platform.commandUrl(), platform.queryUrl(),
                    platform.adminToken());
            closeAtItsEnd(new Api(platform.commandUrl()), played, System.out);
            System.out.println("--demo: the day has been played and closed; the platform keeps running (Ctrl-C stops it).");
        } catch (Exception e) {
            System.err.println("--demo stopped: " + e);
        }
    }

    /**
     * Closes a played day once its end has come (a live clock's day ends a little after its last action), as its
     * coordinators would: a finished demo day is CLOSED, not LIVE for ever.
     */
    static void closeAtItsEnd(Api command, Played played, PrintStream out) throws InterruptedException {
        Duration wait = Duration.between(Instant.now(), played.clock().endsAt());
        if (!wait.isNegative()) {
            out.printf("Waiting %d s for the end of the day (%s) to close it.%n", wait.toSeconds() + 1, played.clock().endsAt());
            Thread.sleep(wait.toMillis() + 1000);
        }
        Api.Answer closed = command.post("/api/days/" + played.dayId() + "/closing", played.coordinatorToken(), "");
        require(closed, 200, "close the day at its end");
        out.printf("Day %s closed at its end.%n", played.dayId());
    }

    static Options parse(List<String> args, Options o) {
        double speed = o.speed();
        long seed = o.seed();
        int businesses = o.businesses();
        int reporters = o.reporters();
        int threads = o.threads();
        DayClock.Kind clock = o.clock();
        String dayId = o.dayId();
        URI commandUrl = o.commandUrl();
        URI queryUrl = o.queryUrl();
        String adminToken = o.adminToken();
        boolean campaign = o.campaign();
        int cities = o.cities();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--campaign")) {
                campaign = true;
                continue;
            }
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (!arg.startsWith("--") || value == null) {
                throw new IllegalArgumentException("unknown or incomplete option " + arg + "\n" + USAGE);
            }
            i++;
            switch (arg) {
                case "--speed" -> speed = speed(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--businesses" -> businesses = Integer.parseInt(value);
                case "--reporters" -> reporters = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--clock" -> clock = DayClock.Kind.valueOf(value.toUpperCase(Locale.ROOT));
                case "--day" -> dayId = value;
                case "--command-url" -> commandUrl = URI.create(value);
                case "--query-url" -> queryUrl = URI.create(value);
                case "--admin-token" -> adminToken = value;
                case "--cities" -> {
                    cities = Integer.parseInt(value);
                    campaign = true;
                    National.cities(cities); // refuses a count out of range, now
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new Options(speed, seed, businesses, reporters, threads, clock, dayId, commandUrl, queryUrl, adminToken,
                campaign, cities);
    }

    /** realtime = 1, xN or N = N, max = as fast as possible (0); anything else is refused with what is meant. */
    static double speed(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "realtime", "real", "1" -> 1;
            case "max", "asap" -> 0;
            default -> {
                String number = v.startsWith("x") || v.startsWith("×") ? v.substring(1) : v;
                double speed;
                try {
                    speed = Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    speed = Double.NaN;
                }
                if (!(speed > 0) || Double.isInfinite(speed)) {
                    throw new IllegalArgumentException("--speed " + value + " is not a speed: use realtime, max, or xN "
                            + "for N times real time (e.g. x60, the demo's: a day in about 18 minutes)");
                }
                yield speed;
            }
        };
    }

    /** The national campaign if asked for, else the one day. */
    private void play(Options options, URI commandUrl, URI queryUrl, String adminToken) throws Exception {
        if (options.campaign()) {
            new National(out).play(options, commandUrl, queryUrl, adminToken, false);
        } else {
            run(options, commandUrl, queryUrl, adminToken);
        }
    }

    /** Plans, opens, enrols and plays; prints progress and the final tally. */
    public Played run(Options options, URI commandUrl, URI queryUrl, String adminToken) throws Exception {
        Scenario scenario = Scenario.twinCities(options.seed(), options.businesses(), options.reporters());
        Scenario.Counts c = scenario.counts;
        out.printf("Scenario (seed %d): %d businesses, %d workplaces, %d rallies; %d reports from %d reporters and %d "
                        + "coordinator desks, with %d retries, %d corrections, %d retractions, %d verdicts, %d sent late: "
                        + "%d requests.%n", scenario.seed, c.businesses(), c.workplaces(), c.rallies(), c.reports(),
                scenario.reporters, Scenario.COORDINATORS, c.retries(), c.corrections(), c.retractions(), c.verdicts(),
                c.delayed(), scenario.actions.size());
        Api command = new Api(commandUrl);
        Api query = new Api(queryUrl);
        String coordinator = issue(command, adminToken, "simulator desk");
        DayClock clock = DayClock.of(options.clockKind(), options.speed(), Instant.now());
        String dayId = options.dayId() != null ? options.dayId()
                : "mpls-2026-01-23-" + Long.toString(System.currentTimeMillis() / 1000, 36);
        Api.Answer planned = command.post("/api/days", coordinator, Map.of("id", dayId,
                "name", "Day of Truth and Freedom (simulated)", "city", "Minneapolis–St Paul",
                "timeZone", "America/Chicago", "startsAt", clock.startsAt().toString(),
                "endsAt", clock.endsAt().toString(), "zones", TwinCities.zonesGeoJson()));
        require(planned, 201, "plan the day");
        require(command.post("/api/days/" + dayId + "/opening", coordinator, ""), 200, "open the day");
        out.printf("Day %s planned with %d approximate district zones and opened: %s to %s (%s clock, %s).%n", dayId,
                TwinCities.ZONES.size(), clock.startsAt(), clock.endsAt(), options.clockKind().name().toLowerCase(Locale.ROOT),
                options.speed() <= 0 ? "as fast as possible" : options.speed() == 1 ? "real time" : "x" + fmt(options.speed()));
        List<String> tokens = new ArrayList<>(enrol(command, adminToken, coordinator, dayId, scenario.reporters,
                clock.endsAt().plus(Duration.ofHours(12))));
        for (int d = 0; d < Scenario.COORDINATORS; d++) {
            tokens.add(issue(command, adminToken, "coordinator desk " + (d + 1)));
        }
        out.printf("Sign in to %s with this COORDINATOR token to watch it live:%n  %s%n", queryUrl.resolve("/"), coordinator);

        Player player = new Player(command, scenario, clock, options.threads());
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long every = options.speed() == 1 ? 30 : 5;
        progress.scheduleAtFixedRate(() -> progress(player, query, coordinator, dayId, scenario), every, every,
                TimeUnit.SECONDS);
        Player.Outcome outcome;
        try {
            outcome = player.play(dayId, tokens);
        } finally {
            progress.shutdownNow();
        }
        out.printf("%nPlayed %d requests in %.1f s (%.0f a second), %d retried after 429 or a lost connection, %d "
                        + "unexpected answers.%nAnswers by step (HTTP status: count):%n%s", outcome.requests(),
                outcome.elapsed().toMillis() / 1000.0, outcome.requests() / Math.max(0.001, outcome.elapsed().toMillis() / 1000.0),
                outcome.retried(), outcome.errors(), Player.describe(outcome.byStep()));
        player.firstErrors().forEach(e -> out.println("  unexpected: " + e));
        JsonNode tally = awaitTally(query, coordinator, dayId, outcome.maxPosition(), Duration.ofSeconds(60));
        out.println("Tally at the end of the day (ALL mode, as the projection has it):");
        out.println("  " + describe(tally));
        JsonNode peakTally = query.get("/api/days/" + dayId + "/tally?at=" + clock.observedAt(8 * 3600) + "&knownAt="
                + Instant.now(), coordinator).body();
        out.println("At 14:00 local (the march's peak), as known now:");
        out.println("  " + describe(peakTally));
        return new Played(dayId, coordinator, scenario, clock, outcome);
    }

    private void progress(Player player, Api query, String coordinator, String dayId, Scenario scenario) {
        try {
            JsonNode tally = query.get("/api/days/" + dayId + "/tally", coordinator).body();
            out.printf("[%s local] %d/%d requests, %d unexpected | %s%n", DayClock.localTime(player.latestOffset()),
                    player.requests(), scenario.actions.size(), player.errors(), describe(tally));
        } catch (RuntimeException e) {
            out.printf("[%s local] %d/%d requests (tally unavailable: %s)%n", DayClock.localTime(player.latestOffset()),
                    player.requests(), scenario.actions.size(), e.getMessage());
        }
    }

    static String describe(JsonNode tally) {
        JsonNode b = tally.path("businesses");
        JsonNode w = tally.path("walkouts");
        JsonNode c = tally.path("crowd");
        JsonNode r = tally.path("reports");
        return String.format("businesses closed %d, partial %d, open %d | walkouts %d workplaces, %d workers, %d students"
                        + " | crowd %d (%d-%d), peak %d | reports %d, verified %d, disputed %d, retracted %d | position %d",
                b.path("closed").asLong(), b.path("partial").asLong(), b.path("open").asLong(),
                w.path("workplaces").asLong(), w.path("workers").asLong(), w.path("students").asLong(),
                c.path("estimate").asLong(), c.path("low").asLong(), c.path("high").asLong(), c.path("peak").asLong(),
                r.path("total").asLong(), r.path("verified").asLong(), r.path("disputed").asLong(),
                r.path("retracted").asLong(), tally.path("position").asLong());
    }

    /** The live tally once it reflects {@code position}, or the latest one after {@code timeout}. */
    static JsonNode awaitTally(Api query, String token, String dayId, long position, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode tally = query.get("/api/days/" + dayId + "/tally", token).body();
            if (tally.path("position").asLong() >= position || System.nanoTime() > deadline) {
                return tally;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Reporter tokens for {@code count} reporters: invite codes from {@code POST /api/days/{dayId}/invites}, each used
     * once with {@code POST /api/join}. If invites cannot be issued (the endpoint is missing, or the day is long
     * over), COORDINATOR tokens from {@code POST /api/tokens} stand in, and this says so.
     */
    public List<String> enrol(Api command, String adminToken, String coordinator, String dayId, int count,
                              Instant expiresAt) throws InterruptedException {
        List<String> codes = new ArrayList<>();
        String refusal = null;
        while (codes.size() < count && refusal == null) {
            int n = Math.min(500, count - codes.size());
            Api.Answer invited = command.post("/api/days/" + dayId + "/invites", coordinator,
                    Map.of("count", n, "expiresAt", expiresAt.toString()));
            if (invited.status() == 201) {
                invited.body().path("codes").forEach(code -> codes.add(code.asString()));
            } else {
                refusal = invited.status() + " " + invited.body().path("detail").asString(invited.raw());
            }
        }
        List<String> tokens = new ArrayList<>();
        if (refusal != null) {
            out.printf("Invites are not available (%s): the %d reporters get COORDINATOR tokens from POST /api/tokens "
                    + "instead, each its own pseudonym.%n", refusal, count);
            for (int i = 0; i < count; i++) {
                tokens.add(issue(command, adminToken, "stand-in reporter " + (i + 1)));
            }
            return tokens;
        }
        long started = System.nanoTime();
        for (String code : codes) {
            while (true) {
                Api.Answer joined = command.post("/api/join", null, Map.of("code", code));
                if (joined.status() == 429) {
                    Thread.sleep(1000); // anonymous callers are limited per address
                    continue;
                }
                require(joined, 201, "join with an invite code");
                tokens.add(joined.body().path("token").asString());
                break;
            }
        }
        out.printf("%d reporters enrolled through invites and join in %.1f s.%n", count,
                (System.nanoTime() - started) / 1e9);
        return tokens;
    }

    static String issue(Api command, String adminToken, String label) {
        Api.Answer issued = command.post("/api/tokens", adminToken, Map.of("role", "COORDINATOR", "label", label));
        require(issued, 201, "issue a COORDINATOR token");
        return issued.body().path("token").asString();
    }

    static void require(Api.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException("Cannot " + what + ": " + answer.status() + " " + answer.raw());
        }
    }

    private static String fmt(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }
}
