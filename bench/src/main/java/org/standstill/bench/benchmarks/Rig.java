package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import org.standstill.bench.Platform;
import org.standstill.bench.simulator.Simulation;
import org.standstill.bench.simulator.TwinCities;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A fresh platform for one benchmark, and what every benchmark needs on it: an admin and a coordinator token, a day
 * of action, reporters enrolled through invites and join, the database, and a sampler of the processes. The
 * per-caller request limits are lifted, so that what is measured is the platform, not the limiter.
 */
final class Rig implements AutoCloseable {

    static final Map<String, String> NO_LIMITS = Map.of(
            "STANDSTILL_LIMITS_REPORTER_PER_SECOND", "1000000", "STANDSTILL_LIMITS_REPORTER_BURST", "1000000",
            "STANDSTILL_LIMITS_STAFF_PER_SECOND", "1000000", "STANDSTILL_LIMITS_STAFF_BURST", "1000000",
            "STANDSTILL_LIMITS_ANONYMOUS_PER_SECOND", "1000000", "STANDSTILL_LIMITS_ANONYMOUS_BURST", "1000000");

    final Platform platform;
    final Api command;
    final Api query;
    final String coordinator;
    final PrintStream out;
    private Sampler lifetime;

    private Rig(Platform platform, PrintStream out) {
        this.platform = platform;
        this.out = out;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        Api.Answer issued = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", "bench"));
        if (issued.status() != 201) {
            throw new IllegalStateException("Cannot issue a coordinator token: " + issued.raw());
        }
        coordinator = issued.body().path("token").asString();
    }

    /** A rig on a platform that runs already (a test's), which it leaves running: never closed. */
    static Rig on(Platform platform, PrintStream out) {
        return new Rig(platform, out);
    }

    /**
     * A fresh platform, each service's JVM started with {@link Options#serviceJvmOptions()} ({@code -Xmx512m} unless
     * {@code --heap} says otherwise), sampled from start to close for the peaks of the whole run.
     */
    static Rig start(PrintStream out, Options o) throws Exception {
        return start(out, o, 1, 1, Map.of());
    }

    /** As {@link #start(PrintStream, Options)}, with several instances of each service (sampled: the first of each). */
    static Rig start(PrintStream out, Options o, int commandInstances, int queryInstances,
                     Map<String, String> querySettings) throws Exception {
        List<String> jvm = o.serviceJvmOptions();
        if (commandInstances > 1 || queryInstances > 1) {
            out.printf("Starting a fresh platform with %d command-service and %d query-service instances%s...%n",
                    commandInstances, queryInstances, querySettings.isEmpty() ? "" : " " + querySettings);
            Rig rig = new Rig(Platform.startForBench(commandInstances, queryInstances, NO_LIMITS, querySettings, jvm,
                    jvm), out);
            rig.lifetime = rig.sampler();
            return rig;
        }
        out.println("Starting a fresh platform (durable embedded PostgreSQL, both services"
                + (jvm.isEmpty() ? ", JVM default heap" : ", each with " + String.join(" ", jvm)) + ")...");
        Rig rig = new Rig(Platform.startForBench(NO_LIMITS, jvm, jvm), out);
        rig.lifetime = rig.sampler();
        return rig;
    }

    /**
     * What every result records about its platform: each service's JVM options, the peak heap, heap limit, resident
     * set and VmHWM of each over the whole run so far, whether both are still running, and whether either logged an
     * OutOfMemoryError.
     */
    Map<String, Object> record() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("jvmOptions", new TreeMap<>(platform.jvmOptions()));
        record.put("memoryWholeRun", lifetime.memory());
        record.put("servicesAlive", platform.servicesAlive());
        Map<String, Object> oom = new LinkedHashMap<>();
        for (String service : List.of("command-service", "query-service")) {
            oom.put(service, logged(platform.logOf(service), "OutOfMemoryError"));
        }
        record.put("outOfMemoryErrorLogged", oom);
        return record;
    }

    /** Fails, with the end of its log, if a service has stopped (an OutOfMemoryError exits it). */
    void requireAlive() {
        platform.exitedService().ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    private static boolean logged(Path log, String text) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Plans and opens a day of action with the Twin Cities zones, happening now. */
    String liveDay(String prefix) {
        String dayId = prefix + "-" + Long.toString(System.nanoTime() % 100_000_000, 36);
        Instant now = Instant.now();
        plan(dayId, "Benchmark day", now.minus(Duration.ofHours(2)), now.plus(Duration.ofHours(22)));
        return dayId;
    }

    void plan(String dayId, String name, Instant startsAt, Instant endsAt) {
        Api.Answer planned = command.post("/api/days", coordinator, Map.of("id", dayId, "name", name,
                "city", "Minneapolis–St Paul", "timeZone", "America/Chicago", "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString(), "zones", TwinCities.zonesGeoJson()));
        if (planned.status() != 201) {
            throw new IllegalStateException("Cannot plan " + dayId + ": " + planned.raw());
        }
        Api.Answer opened = command.post("/api/days/" + dayId + "/opening", coordinator, "");
        if (opened.status() != 200) {
            throw new IllegalStateException("Cannot open " + dayId + ": " + opened.raw());
        }
    }

    /** Reporter tokens through invites and join (or COORDINATOR stand-ins, said so, if invites are refused). */
    List<String> reporters(String dayId, int count) throws InterruptedException {
        return new Simulation(out).enrol(command, platform.adminToken(), coordinator, dayId, count,
                Instant.now().plus(Duration.ofHours(30)));
    }

    Sampler sampler() {
        return new Sampler(List.of(
                new Sampler.Service("command-service", platform::commandPid, platform::commandUrl),
                new Sampler.Service("query-service", platform::queryPid, platform::queryUrl)), postmasterPid());
    }

    /**
     * Waits (up to {@code limit}) until PostgreSQL's autovacuum is done with what an earlier benchmark left (the tables a
     * rebuild swapped in are vacuumed and analysed whole): a latency figure is of the platform at work, not of that.
     * Answers the seconds waited.
     */
    double settle(Duration limit) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = jdbc(); Statement statement = connection.createStatement()) {
            while (System.nanoTime() - started < limit.toNanos()) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }

    /** The PostgreSQL server's process id, when it runs on this machine (read from its postmaster.pid); else -1. */
    long postmasterPid() {
        try (Connection connection = jdbc(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW data_directory")) {
            rs.next();
            Path pidFile = Path.of(rs.getString(1), "postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    /** The live tally's position, or -1. */
    long livePosition(String dayId) {
        return query.get("/api/days/" + dayId + "/tally", coordinator).body().path("position").asLong(-1);
    }

    /** Waits until the live tally reflects {@code position}; answers how long that took, or null after the timeout. */
    Duration awaitProjected(String dayId, long position, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < timeout.toNanos()) {
            if (livePosition(dayId) >= position) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(100);
        }
        return null;
    }

    @Override
    public void close() {
        if (lifetime != null) {
            lifetime.close();
        }
        platform.close();
    }
}
