package org.standstill.command.config;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Where an aggregate's event stands in the global event log (its tracking position). */
@Component
public class Positions {

    private final JdbcClient jdbc;

    Positions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long of(String aggregateId, long sequence) {
        return jdbc.sql("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .params(aggregateId, sequence)
                .query(Long.class)
                .single();
    }
}
