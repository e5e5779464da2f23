package org.standstill.query;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL database with the query service's tables, for its service-level tests, one per test JVM: a new
 * database on the server named by {@code STANDSTILL_TEST_DATABASE_URL} ({@code jdbc:postgresql://host:port/db}, user
 * {@code STANDSTILL_TEST_DATABASE_USERNAME}, default postgres, password {@code STANDSTILL_TEST_DATABASE_PASSWORD}),
 * dropped when the JVM ends; without it an embedded PostgreSQL in a temporary directory. A database that cannot be
 * had is a failure that says how to get one, never a skip.
 */
public final class TestDatabase {

    private static final String HOW_TO_GET_ONE = """
            The query service's tests need PostgreSQL. Without STANDSTILL_TEST_DATABASE_URL they start an embedded one \
            (Linux x86_64, a writable temp directory); with it they create a database on that server, as a user \
            allowed to CREATE DATABASE, e.g.
              export STANDSTILL_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/postgres""";

    private static DataSource instance;
    private static String url;
    private static String username = "postgres";
    private static String password = "";

    private TestDatabase() {
    }

    /** The database, its schema migrated as the service migrates it at start. */
    public static synchronized DataSource get() {
        if (instance == null) {
            String server = System.getenv("STANDSTILL_TEST_DATABASE_URL");
            try {
                instance = server == null || server.isBlank() ? embedded() : createdOn(server);
            } catch (Exception e) {
                throw new IllegalStateException("No PostgreSQL for the tests: " + e.getMessage() + "\n"
                        + HOW_TO_GET_ONE, e);
            }
            Flyway.configure().dataSource(instance).locations("classpath:db/migration").load().migrate();
        }
        return instance;
    }

    /** The database's JDBC URL, user and password, for a pool of a test's own. */
    public static String url() {
        get();
        return url;
    }

    public static String username() {
        return username;
    }

    public static String password() {
        return password;
    }

    private static DataSource embedded() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        url = postgres.getJdbcUrl("postgres", "postgres");
        return postgres.getPostgresDatabase();
    }

    private static DataSource createdOn(String server) throws Exception {
        username = envOr("STANDSTILL_TEST_DATABASE_USERNAME", "postgres");
        password = envOr("STANDSTILL_TEST_DATABASE_PASSWORD", "");
        String name = "standstill_query_test_" + UUID.randomUUID().toString().substring(0, 8);
        execute(server, username, password, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(server, username, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (Exception e) {
                System.err.println("Could not drop test database " + name + ": " + e.getMessage());
            }
        }, "drop-test-database"));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        url = server.replaceFirst("^(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + name);
        dataSource.setUrl(url);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    private static void execute(String url, String username, String password, String sql) throws Exception {
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
