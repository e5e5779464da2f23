package org.standstill.command.reporter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.reporter.ReporterEnrolled;
import org.standstill.api.reporter.ReporterRevoked;

import java.util.Optional;

/**
 * The reporters as the command side sees them: their day, and whether their token was revoked. A
 * subscribing processor: it is written in the same transaction as the reporter's events, so a
 * revocation is in force the moment it is answered.
 */
@Component
@ProcessingGroup("reporter-lookup")
public class ReporterLookup {

    private final JdbcClient jdbc;

    ReporterLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the reporter with this pseudonym has been revoked. */
    public boolean isRevoked(String reporterId) {
        return jdbc.sql("SELECT revoked FROM reporter_lookup WHERE reporter_id = ?")
                .param(reporterId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    Optional<String> dayOf(String reporterId) {
        return jdbc.sql("SELECT day_id FROM reporter_lookup WHERE reporter_id = ?")
                .param(reporterId)
                .query(String.class)
                .optional();
    }

    @EventHandler
    void on(ReporterEnrolled event) {
        jdbc.sql("INSERT INTO reporter_lookup (reporter_id, day_id) VALUES (?, ?)")
                .params(event.reporterId(), event.dayId())
                .update();
    }

    @EventHandler
    void on(ReporterRevoked event) {
        jdbc.sql("UPDATE reporter_lookup SET revoked = TRUE WHERE reporter_id = ?").param(event.reporterId()).update();
    }
}
