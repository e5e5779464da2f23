package org.standstill.query.reporter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.reporter.ReporterRevoked;

/**
 * The reporters whose tokens were revoked ({@code revoked_reporter}), so that this service refuses
 * them too. A tracking processor of its own: each row is written in the same transaction as the
 * processor's token, and a revocation arrives here as soon as the event is committed.
 */
@Component
@ProcessingGroup("reporters")
public class RevokedReporters {

    private final JdbcClient jdbc;

    RevokedReporters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(String reporterId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM revoked_reporter WHERE reporter_id = ?)")
                .param(reporterId)
                .query(Boolean.class)
                .single();
    }

    @EventHandler
    void on(ReporterRevoked event) {
        jdbc.sql("""
                        INSERT INTO revoked_reporter (reporter_id, day_id) VALUES (?, ?)
                        ON CONFLICT (reporter_id) DO NOTHING""")
                .params(event.reporterId(), event.dayId())
                .update();
    }
}
