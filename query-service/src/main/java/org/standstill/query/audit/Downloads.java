package org.standstill.query.audit;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.standstill.query.config.Busy;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The long downloads (the event log, the reports as CSV or GeoJSON) read the database through a pool of their own,
 * {@code standstill.download-connections} connections (3), so that no number of downloads can take the connections
 * the projections, the live views and the other requests need. A download that finds them all taken is answered
 * 503 with {@code Retry-After} at once, before anything is streamed.
 */
@Component
public class Downloads implements DisposableBean {

    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final HikariDataSource pool;
    private final Semaphore running;
    final JdbcTemplate jdbc;
    final TransactionTemplate transaction;

    Downloads(DataSource dataSource, @Value("${standstill.download-connections:3}") int connections)
            throws SQLException {
        if (connections < 1) {
            throw new IllegalStateException("standstill.download-connections must be at least 1, not " + connections);
        }
        HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
        pool = new HikariDataSource();
        pool.setPoolName("downloads");
        pool.setJdbcUrl(main.getJdbcUrl());
        pool.setUsername(main.getUsername());
        pool.setPassword(main.getPassword());
        pool.setMaximumPoolSize(connections);
        pool.setMinimumIdle(0);
        running = new Semaphore(connections);
        jdbc = new JdbcTemplate(pool);
        jdbc.setFetchSize(1000);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
        transaction.setReadOnly(true);
    }

    /** The download, if a connection is free for it now; else a 503 with Retry-After. */
    StreamingResponseBody start(StreamingResponseBody download) {
        if (!running.tryAcquire()) {
            throw new Busy("Every download connection is in use (" + pool.getMaximumPoolSize()
                    + "); try again shortly", RETRY_AFTER);
        }
        return out -> {
            try {
                download.writeTo(out);
            } finally {
                running.release();
            }
        };
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
