package org.standstill.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PostgreSQL database both services share, and what to do to give it back. */
final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String NAME = "standstill";
    private static final Pattern SERVER_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
    private static final String HOW_TO_GET_ONE = """
            The end-to-end tests need PostgreSQL. Without STANDSTILL_TEST_DATABASE_URL they start an embedded one \
            (Linux x86_64, a writable temp directory); with it they create a database on that server, as a user \
            allowed to CREATE DATABASE, e.g.
              docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=postgres postgres:17
              export STANDSTILL_TEST_DATABASE_URL=jdbc:postgresql://localhost:5432/postgres
              export STANDSTILL_TEST_DATABASE_USERNAME=postgres STANDSTILL_TEST_DATABASE_PASSWORD=postgres""";

    final String jdbcUrl;
    final String username;
    final String password;
    private final AutoCloseable release;
    private final Restartable restartable;

    private Database(String jdbcUrl, String username, String password, AutoCloseable release) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.release = release;
        this.restartable = release instanceof Restartable r ? r : null;
    }

    /**
     * An embedded PostgreSQL of its own that can be crashed and started again (for the fault tests): data in a new
     * temporary directory (deleted on close), on a free port that it keeps across restarts, synchronous commit on so
     * that a commit answered is in the WAL when PostgreSQL dies; fsync too when {@code durable} (the machine itself
     * never crashes in a test, so without it the kernel's cache keeps what was written).
     */
    static Database restartable(Path logDirectory, boolean durable) {
        try {
            Files.createDirectories(logDirectory);
            Path data = Files.createTempDirectory("standstill-faults-pg");
            int port;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Restartable server = new Restartable(data, port, durable, logDirectory.resolve("postgres.log"));
            server.start();
            try (Connection connection = DriverManager.getConnection(server.url("postgres"), "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("create database " + NAME);
            }
            log.info("Restartable embedded PostgreSQL is up on port {} with data in {}", port, data);
            return new Database(server.url(NAME), "postgres", "", server);
        } catch (IOException | SQLException | RuntimeException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL: " + e.getMessage() + "\n"
                    + HOW_TO_GET_ONE, e);
        }
    }

    /** The port PostgreSQL listens on (from the JDBC URL). */
    int port() {
        Matcher url = Pattern.compile("jdbc:postgresql://[^:/]+:(\\d+)/.*").matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalStateException("No port in " + jdbcUrl);
        }
        return Integer.parseInt(url.group(1));
    }

    /**
     * Crashes PostgreSQL (SIGQUIT to the postmaster: an immediate shutdown, no checkpoint, WAL recovery on the next
     * start), waits until it is gone, and starts it again on the same port and data. Only a {@link #restartable}
     * database can.
     */
    void crashAndRestart() throws IOException, InterruptedException {
        if (restartable == null) {
            throw new IllegalStateException("This database cannot be restarted: " + jdbcUrl);
        }
        restartable.crash();
        restartable.start();
    }

    /** An embedded PostgreSQL on a fixed port and data directory, started and crashed at will. */
    private static final class Restartable implements AutoCloseable {
        private final Path data;
        private final int port;
        private final boolean durable;
        private final Path log;
        private EmbeddedPostgres postgres;

        Restartable(Path data, int port, boolean durable, Path log) {
            this.data = data;
            this.port = port;
            this.durable = durable;
            this.log = log;
        }

        String url(String database) {
            return "jdbc:postgresql://localhost:" + port + "/" + database;
        }

        synchronized void start() throws IOException {
            Redirect postgresLog = Redirect.appendTo(log.toFile());
            postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", durable ? "on" : "off").setServerConfig("synchronous_commit", "on")
                    .setRegisterShutdownHook(false).setOutputRedirector(postgresLog).setErrorRedirector(postgresLog)
                    .start();
        }

        /** SIGQUIT to the postmaster this JVM started (its pid from postmaster.pid), and waits until it has gone. */
        synchronized void crash() throws IOException, InterruptedException {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() ->
                    new IllegalStateException("PostgreSQL's postmaster " + pid + " is not running"));
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -QUIT " + pid + " failed");
            }
            try {
                postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("PostgreSQL " + pid + " did not stop after SIGQUIT", e);
            }
            // Lets the embedded instance release its lock on the data directory (its own pg_ctl stop finds nothing).
            postgres.close();
            postgres = null;
        }

        @Override
        public synchronized void close() throws IOException {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
            try (java.util.stream.Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The database named by SPRING_DATASOURCE_URL, _USERNAME and _PASSWORD, if the first is set. */
    static Optional<Database> fromEnvironment() {
        return Optional.ofNullable(env("SPRING_DATASOURCE_URL", null)).map(url -> new Database(url,
                env("SPRING_DATASOURCE_USERNAME", ""), env("SPRING_DATASOURCE_PASSWORD", ""), () -> { }));
    }

    /** An embedded PostgreSQL keeping its data in {@code dataDirectory} across restarts. */
    static Database embedded(Path dataDirectory, int port, Path logDirectory) {
        // Checked first: the embedded start would take any server answering on the port for its own.
        if (!Platform.isFree(port)) {
            throw new IllegalStateException("Port " + port + " is taken, so the embedded PostgreSQL cannot start. "
                    + "Is standstill already running, or a PostgreSQL left over from it (stop it with: kill $(head -1 "
                    + dataDirectory.resolve("postmaster.pid") + "))? Or set STANDSTILL_PG_PORT to use another port.");
        }
        try {
            Files.createDirectories(dataDirectory);
            // Durable, unlike the embedded defaults (fsync and synchronous_commit off), which suit throwaway data.
            return embedded(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on"), logDirectory);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL on port " + port + " with data in "
                    + dataDirectory + ": " + e.getMessage()
                    + "\n(Or set SPRING_DATASOURCE_URL, _USERNAME and _PASSWORD to use a database of your own.)", e);
        }
    }

    /**
     * A new, empty database for one test run: created on the server named by STANDSTILL_TEST_DATABASE_URL
     * (and dropped on close) if that is set, else an embedded PostgreSQL in a temporary directory on a free port.
     */
    static Database fresh(Path logDirectory) {
        String serverUrl = env("STANDSTILL_TEST_DATABASE_URL", null);
        if (serverUrl != null) {
            try {
                return createOn(serverUrl, env("STANDSTILL_TEST_DATABASE_USERNAME", "postgres"),
                        env("STANDSTILL_TEST_DATABASE_PASSWORD", ""));
            } catch (SQLException | RuntimeException e) {
                throw new IllegalStateException("Cannot create a test database on STANDSTILL_TEST_DATABASE_URL="
                        + serverUrl + ": " + e.getMessage() + "\n" + HOW_TO_GET_ONE, e);
            }
        }
        try {
            return embedded(EmbeddedPostgres.builder(), logDirectory);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL: " + e.getMessage() + "\n"
                    + HOW_TO_GET_ONE, e);
        }
    }

    /**
     * A new, empty, durable database for a benchmark: on the server named by STANDSTILL_TEST_DATABASE_URL if that is
     * set (as {@link #fresh}), else an embedded PostgreSQL in a temporary directory on a free port with fsync and
     * synchronous commit on, as a real deployment has them (the embedded defaults turn both off).
     */
    static Database freshDurable(Path logDirectory) {
        if (env("STANDSTILL_TEST_DATABASE_URL", null) != null) {
            return fresh(logDirectory);
        }
        try {
            // pg_stat_statements: the benchmarks show where PostgreSQL spends its time (Statements).
            return embedded(EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements"), logDirectory);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL: " + e.getMessage() + "\n"
                    + HOW_TO_GET_ONE, e);
        }
    }

    private static Database embedded(EmbeddedPostgres.Builder builder, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        Redirect postgresLog = Redirect.appendTo(logDirectory.resolve("postgres.log").toFile());
        // Closed by Platform after the services, not by a hook of its own racing the services' shutdown.
        EmbeddedPostgres postgres = builder.setRegisterShutdownHook(false)
                .setOutputRedirector(postgresLog).setErrorRedirector(postgresLog).start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("select 1 from pg_database where datname = '" + NAME + "'").next()) {
                statement.execute("create database " + NAME);
            }
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("cannot create database " + NAME + ": " + e.getMessage(), e);
        }
        String jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + NAME;
        log.info("Embedded PostgreSQL is up: {}", jdbcUrl);
        return new Database(jdbcUrl, "postgres", "", postgres);
    }

    private static Database createOn(String serverUrl, String username, String password) throws SQLException {
        Matcher url = SERVER_URL.matcher(serverUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/[database][?parameters]");
        }
        String name = "standstill_it_" + UUID.randomUUID().toString().substring(0, 8);
        execute(serverUrl, username, password, "create database " + name);
        log.info("Created database {} on {}", name, url.group(1));
        String jdbcUrl = url.group(1) + "/" + name + (url.group(3) == null ? "" : url.group(3));
        return new Database(jdbcUrl, username, password,
                () -> execute(serverUrl, username, password, "drop database if exists " + name + " with (force)"));
    }

    private static void execute(String url, String username, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @Override
    public String toString() {
        return jdbcUrl;
    }

    @Override
    public void close() throws Exception {
        release.close();
    }
}
