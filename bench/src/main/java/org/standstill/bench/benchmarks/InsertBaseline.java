package org.standstill.bench.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ingest baseline: raw single-row INSERT transactions into the same PostgreSQL, with the same number of clients —
 * pgbench with a custom one-statement script when pgbench is on the PATH, else an equivalent JDBC loop. The row is
 * shaped like an event row (a sequence key, a few short strings, about 700 bytes of payload), into a scratch table
 * that is dropped afterwards.
 */
final class InsertBaseline {

    record Outcome(String tool, double transactionsPerSecond, Stats latency, long transactions) {
    }

    private static final String TABLE = """
            CREATE TABLE IF NOT EXISTS bench_insert (
                id BIGSERIAL PRIMARY KEY, aggregate VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL,
                payload BYTEA NOT NULL, stored VARCHAR(64) NOT NULL)""";
    private static final String INSERT = "INSERT INTO bench_insert (aggregate, type, payload, stored) VALUES "
            + "(md5(random()::text), 'org.standstill.api.report.ClosureReported', convert_to(repeat('x', 700), 'UTF8'), "
            + "now()::text)";

    private InsertBaseline() {
    }

    static Outcome run(String jdbcUrl, String user, String password, int clients, Duration duration)
            throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute(TABLE);
        }
        try {
            Path pgbench = onPath("pgbench");
            return pgbench != null ? pgbench(pgbench, jdbcUrl, user, password, clients, duration)
                    : jdbc(jdbcUrl, user, password, clients, duration);
        } finally {
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_insert");
            }
        }
    }

    static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Outcome pgbench(Path pgbench, String jdbcUrl, String user, String password, int clients,
                                   Duration duration) throws IOException, InterruptedException {
        URI url = URI.create(jdbcUrl.substring("jdbc:".length()));
        Path work = Files.createTempDirectory("pgbench");
        Path script = work.resolve("insert.sql");
        Files.writeString(script, INSERT + ";\n");
        List<String> command = List.of(pgbench.toString(), "-h", url.getHost(), "-p", Integer.toString(url.getPort()),
                "-U", user, "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-T", Long.toString(duration.toSeconds()), "-f", script.toString(), "-l", "--log-prefix=" + work.resolve("log"),
                url.getPath().substring(1));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password == null ? "" : password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        Matcher tps = Pattern.compile("tps = ([\\d.]+) \\(without initial connection time\\)").matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output: " + output);
        }
        // Per-transaction log: client_id transaction_no time(us) script_no time_epoch time_us
        List<Double> latencies = new ArrayList<>();
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("log")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    if (f.length >= 3) {
                        latencies.add(Long.parseLong(f[2]) / 1000.0);
                    }
                    }
                Files.delete(log);
            }
        }
        Files.delete(script);
        Files.delete(work);
        return new Outcome("pgbench -M prepared -c " + clients, Double.parseDouble(tps.group(1)), Stats.of(latencies),
                latencies.size());
    }

    private static Outcome jdbc(String jdbcUrl, String user, String password, int clients, Duration duration)
            throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                     PreparedStatement insert = c.prepareStatement(INSERT)) {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        insert.executeUpdate();
                        latencies.add((System.nanoTime() - sent) / 1e6);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Outcome("JDBC loop, " + clients + " connections (no pgbench on the PATH)", latencies.size() / seconds,
                Stats.of(latencies), latencies.size());
    }
}
