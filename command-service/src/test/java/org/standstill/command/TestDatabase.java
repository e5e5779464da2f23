package org.standstill.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real, empty PostgreSQL database for the service-level tests, one per test JVM: a new database on the server
 * named by {@code STANDSTILL_TEST_DATABASE_URL} (user {@code STANDSTILL_TEST_DATABASE_USERNAME}, default postgres,
 * password {@code STANDSTILL_TEST_DATABASE_PASSWORD}), dropped when the JVM ends; without it an embedded PostgreSQL
 * in a temporary directory. A database that cannot be had is a failure that says how to get one, never a skip.
 */
public final class TestDatabase {

    private static final Pattern SERVER_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
    private static final String HOW_TO_GET_ONE = """
            The command service's tests need PostgreSQL. Without STANDSTILL_TEST_DATABASE_URL they start an embedded \
            one (Linux x86_64, a writable temp directory); with it they create a database on that server, as a user \
            allowed to CREATE DATABASE, e.g.
              export STANDSTILL_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/postgres
              export STANDSTILL_TEST_DATABASE_USERNAME=postgres STANDSTILL_TEST_DATABASE_PASSWORD=""";

    private static TestDatabase instance;

    private final String url;
    private final String username;
    private final String password;

    private TestDatabase(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Points the service's DataSource at the test database. */
    public static void register(DynamicPropertyRegistry registry) {
        TestDatabase database = get();
        registry.add("spring.datasource.url", () -> database.url);
        registry.add("spring.datasource.username", () -> database.username);
        registry.add("spring.datasource.password", () -> database.password);
    }

    /** A plain connection to the test database, for tests below the service. */
    public static Connection connect() throws SQLException {
        TestDatabase database = get();
        return DriverManager.getConnection(database.url, database.username, database.password);
    }

    private static synchronized TestDatabase get() {
        if (instance == null) {
            // No internet here: Axon's usage reporter would only wait and warn.
            System.setProperty("axoniq.update-checker.disabled", "true");
            String server = System.getenv("STANDSTILL_TEST_DATABASE_URL");
            instance = server == null || server.isBlank() ? embedded() : createdOn(server);
        }
        return instance;
    }

    private static TestDatabase embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE standstill");
            }
            return new TestDatabase(postgres.getJdbcUrl("postgres", "standstill"), "postgres", "");
        } catch (IOException | SQLException | RuntimeException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL: " + e.getMessage() + "\n"
                    + HOW_TO_GET_ONE, e);
        }
    }

    private static TestDatabase createdOn(String server) {
        String username = envOr("STANDSTILL_TEST_DATABASE_USERNAME", "postgres");
        String password = envOr("STANDSTILL_TEST_DATABASE_PASSWORD", "");
        Matcher url = SERVER_URL.matcher(server);
        if (!url.matches()) {
            throw new IllegalStateException("STANDSTILL_TEST_DATABASE_URL=" + server
                    + " is not jdbc:postgresql://host[:port]/[database][?parameters]\n" + HOW_TO_GET_ONE);
        }
        String name = "standstill_test_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            execute(server, username, password, "CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + server + ": " + e.getMessage()
                    + "\n" + HOW_TO_GET_ONE, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(server, username, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + name + ": " + e.getMessage());
            }
        }, "drop-test-database"));
        return new TestDatabase(url.group(1) + "/" + name + (url.group(3) == null ? "" : url.group(3)),
                username, password);
    }

    private static void execute(String url, String username, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String envOr(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
