package org.standstill.command.audit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.standstill.api.audit.Head;
import org.standstill.api.audit.RecordCheckpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * Periodically ({@code standstill.checkpoint-interval}) records, per day, the heads of the aggregates
 * whose events arrived since the last checkpoint. Only events older than {@code standstill.checkpoint-settle}
 * are taken, so no transaction still in flight can commit below the checkpoint's position afterwards.
 */
@Component
class Checkpoints {

    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration settle;

    Checkpoints(JdbcClient jdbc, CommandGateway commands, Clock clock,
                @Value("${standstill.checkpoint-settle:PT30S}") Duration settle) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.settle = settle;
    }

    @Scheduled(fixedDelayString = "${standstill.checkpoint-interval:PT1M}", initialDelayString = "${standstill.checkpoint-interval:PT1M}")
    void record() {
        long after = jdbc.sql("SELECT up_to FROM checkpoint_state").query(Long.class).single();
        String settled = formatInstant(clock.instant().minus(settle));
        Long upTo = jdbc.sql("SELECT max(globalindex) FROM domainevententry WHERE globalindex > ? AND timestamp <= ?")
                .params(after, settled).query(Long.class).single();
        if (upTo == null) {
            return;
        }
        Map<String, List<Head>> headsByDay = new TreeMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier, sequencenumber,
                               convert_from(metadata, 'UTF8')::jsonb ->> 'hash',
                               convert_from(payload, 'UTF8')::jsonb ->> 'dayId'
                        FROM domainevententry
                        WHERE globalindex > ? AND globalindex <= ? AND aggregateidentifier NOT LIKE 'checkpoint:%'
                        ORDER BY aggregateidentifier, sequencenumber DESC""")
                .params(after, upTo)
                .query(rs -> {
                    if (rs.getString(4) != null) {
                        headsByDay.computeIfAbsent(rs.getString(4), d -> new ArrayList<>())
                                .add(new Head(rs.getString(1), rs.getLong(2), rs.getString(3)));
                    }
                });
        headsByDay.forEach((dayId, heads) ->
                commands.sendAndWait(new RecordCheckpoint(IntegrityCheckpoint.idOf(dayId), dayId, upTo, heads)));
        jdbc.sql("UPDATE checkpoint_state SET up_to = ?").param(upTo).update();
    }
}
