package org.standstill.query.reporter;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a reporter's token was revoked: read from the command side's {@code reporter_lookup}, in the database both
 * services share (as staff tokens' revocations are), which the command side writes in the revocation's own
 * transaction — so a revocation holds here the moment it is answered, and no processor of this service has to read
 * the whole log for it.
 */
@Component
public class RevokedReporters {

    private final JdbcClient jdbc;

    RevokedReporters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(String reporterId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reporter_lookup WHERE reporter_id = ? AND revoked)")
                .param(reporterId)
                .query(Boolean.class)
                .single();
    }
}
