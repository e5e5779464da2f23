package org.standstill.query.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who sends the live views. With this service's own broker, every instance sends to its own clients. With the broker
 * relay, a message reaches every instance's clients, so one instance at a time sends: the one holding a PostgreSQL
 * session advisory lock, on a connection of its own. An instance that ends, even by {@code kill -9}, ends its session
 * and the lock with it; another takes it within {@link #RETRY_SECONDS} and sends every day's views again.
 */
@Component
class LivePublisher implements SmartLifecycle {

    /** The advisory lock key of the live views' sender ("livepub" in ASCII). */
    static final long LOCK = 0x6c69_7665_7075_62L;
    static final long RETRY_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(LivePublisher.class);

    private final boolean relay;
    private final DataSource dataSource;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean sending;
    private volatile boolean running;
    private volatile Runnable onPromotion = () -> { };
    private Connection held;

    private final String instance;

    LivePublisher(DataSource dataSource, @Value("${standstill.stomp-relay:}") String relay,
                  org.standstill.query.config.QueryInstances instances) {
        this.dataSource = dataSource;
        this.instance = instances.id();
        this.relay = !relay.isBlank();
        this.sending = !this.relay;
    }

    /** Whether the broker is RabbitMQ's, shared by all instances. */
    boolean relayed() {
        return relay;
    }

    /** Whether this instance sends the live views now. */
    boolean sends() {
        return sending;
    }

    /** Called (on this class's thread) when this instance becomes the one that sends. */
    void onPromotion(Runnable action) {
        onPromotion = action;
    }

    @Override
    public void start() {
        running = true;
        if (relay) {
            timer.scheduleWithFixedDelay(this::check, 0, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        sending = !relay;
        if (held != null) {
            try {
                held.close();
            } catch (SQLException ignored) {
                // the session ends either way
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void check() {
        try {
            if (held != null) {
                if (held.isValid(2)) {
                    return;
                }
                log.warn("Lost the connection that holds the live views' lock");
                sending = false;
                held.close();
                held = null;
            }
            Connection connection = dedicated();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    held = connection;
                    sending = true;
                    log.info("This instance sends the live views to the broker relay");
                    onPromotion.run();
                    return;
                }
            }
            connection.close();
        } catch (SQLException | RuntimeException e) {
            sending = false;
            log.warn("Asking for the live views' lock failed: {}", e.toString());
        }
    }

    /** A connection of its own, named {@code standstill-live <pid@host>}: who sends can be seen in pg_stat_activity. */
    private Connection dedicated() throws SQLException {
        com.zaxxer.hikari.HikariDataSource pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        java.util.Properties properties = new java.util.Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        String name = "standstill-live " + instance;
        properties.setProperty("ApplicationName", name.length() > 63 ? name.substring(0, 63) : name);
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }
}
