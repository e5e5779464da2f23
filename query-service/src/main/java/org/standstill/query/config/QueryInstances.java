package org.standstill.query.config;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;

/**
 * The query-service instances sharing the database. Each is known to PostgreSQL by the application name of the
 * connection it listens on for as long as it runs ({@link PostgresNotifications}): an instance that ends, even by
 * {@code kill -9}, closes it and is no longer counted.
 */
@Component
public class QueryInstances {

    static final String PREFIX = "standstill-query ";

    private final JdbcClient jdbc;
    private final String id = ManagementFactory.getRuntimeMXBean().getName(); // pid@host

    QueryInstances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** This instance's name: its processors' owner in the token table, too. */
    public String id() {
        return id;
    }

    /** The name of this instance's listening connection (PostgreSQL keeps 63 bytes of it). */
    String applicationName() {
        String name = PREFIX + id;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** How many instances are connected to this database now, this one included (at least 1). */
    public int live() {
        int live = jdbc.sql("""
                        SELECT count(DISTINCT application_name) FROM pg_stat_activity
                        WHERE datname = current_database() AND application_name LIKE ?""")
                .param(PREFIX + "%").query(Integer.class).single();
        return Math.max(1, live);
    }
}
