package org.standstill.query.config;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listens to PostgreSQL notifications on one dedicated connection and hands each payload to the
 * listeners of its channel. Notifications are delivered when the sending transaction commits, so a
 * listener never hears of data it cannot read yet. After a lost connection every listener is called
 * once with an empty payload, as something may have been missed.
 */
@Component
public class PostgresNotifications implements SmartLifecycle {

    /** Sent by the event table's trigger when events are committed. */
    public static final String EVENTS = "standstill_events";
    /** Sent by the projections, with the day's id, when a day's views changed. */
    public static final String VIEWS = "standstill_views";
    /** Sent by a rebuild: a job's id when its status changed, {@code replaced} when rebuilt tables replaced the live ones. */
    public static final String REBUILDS = "standstill_rebuilds";
    /** With the broker relay: {@code subscribed} or {@code watching}, a tab, and the id of a day a client watches. */
    public static final String WATCHING = "standstill_watching";

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

    private final DataSource dataSource;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    private final QueryInstances instances;

    PostgresNotifications(DataSource dataSource, QueryInstances instances) {
        this.dataSource = dataSource;
        this.instances = instances;
    }

    /** Registers a listener; only before the application starts (channels are listened to on connecting). */
    public void listen(String channel, Consumer<String> listener) {
        if (running) {
            throw new IllegalStateException("Register listeners before the application starts");
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "pg-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Connection connection = dedicated()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : listeners.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                listeners.forEach((channel, list) -> list.forEach(l -> l.accept("")));
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            listeners.getOrDefault(n.getName(), List.of()).forEach(l -> l.accept(n.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Listening to PostgreSQL failed ({}); retrying in a second", e.getMessage());
                    sleep();
                }
            }
        }
    }

    /**
     * A connection of its own, outside the pool: listening holds it for as long as the service runs, so it is also how
     * the other instances know this one runs ({@link QueryInstances}).
     */
    private Connection dedicated() throws SQLException {
        com.zaxxer.hikari.HikariDataSource pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        java.util.Properties properties = new java.util.Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", instances.applicationName());
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
