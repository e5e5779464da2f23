package org.standstill.query.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The event log of a day, read from the event store in log order. */
@Component
class EventLog {

    /** One stored event; {@code payload} and {@code metadata} as stored (JSON). */
    record LoggedEvent(long position, String type, String payloadType, String aggregateId, long sequence,
                       String eventId, Instant recordedAt, JsonNode payload, JsonNode metadata) {
    }

    private static final String SELECT = """
            SELECT e.globalindex, e.payloadtype, e.aggregateidentifier, e.sequencenumber, e.eventidentifier,
                   e.timestamp, convert_from(e.payload, 'UTF8') AS payload, convert_from(e.metadata, 'UTF8') AS metadata
            FROM event_index i JOIN domainevententry e ON e.globalindex = i.position
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RowMapper<LoggedEvent> row;

    private final Downloads downloads;

    EventLog(DataSource dataSource, TransactionTemplate transaction, JsonMapper json, Downloads downloads) {
        this.downloads = downloads;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
        this.transaction = transaction;
        this.row = (rs, n) -> new LoggedEvent(rs.getLong(1), simpleName(rs.getString(2)), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getString(5), Instant.parse(rs.getString(6)),
                json.readTree(rs.getString(7)), rs.getString(8) == null ? null : json.readTree(rs.getString(8)));
    }

    /** Events after {@code after} and at or before {@code processedThrough}: a cursor never skips a late commit. */
    List<LoggedEvent> page(String dayId, long after, int limit, long processedThrough) {
        return jdbc.query(SELECT + " WHERE i.day_id = ? AND i.position > ? AND i.position <= ? ORDER BY i.position LIMIT ?",
                row, dayId, after, processedThrough, limit);
    }

    /**
     * Every event of the day, in log order, one at a time: constant memory whatever the day's size; through the
     * downloads' own connections.
     */
    void stream(String dayId, Consumer<LoggedEvent> consumer) {
        downloads.transaction.executeWithoutResult(tx -> downloads.jdbc.query(
                SELECT + " WHERE i.day_id = ? ORDER BY i.position",
                rs -> {
                    consumer.accept(row.mapRow(rs, 0));
                }, dayId));
    }

    /**
     * Every event of a campaign, in log order, one at a time: its creation, and every event of each day that ever
     * belonged to it (as the days' own events say), through the downloads' own connections.
     */
    void streamCampaign(String campaignId, Consumer<LoggedEvent> consumer) {
        downloads.transaction.executeWithoutResult(tx -> downloads.jdbc.query("""
                        SELECT * FROM (
                            SELECT e.globalindex, e.payloadtype, e.aggregateidentifier, e.sequencenumber,
                                   e.eventidentifier, e.timestamp, convert_from(e.payload, 'UTF8') AS payload,
                                   convert_from(e.metadata, 'UTF8') AS metadata
                            FROM event_index i JOIN domainevententry e ON e.globalindex = i.position
                            WHERE i.day_id IN (SELECT day_id FROM day_version WHERE campaign_id = ?)
                            UNION ALL
                            SELECT e.globalindex, e.payloadtype, e.aggregateidentifier, e.sequencenumber,
                                   e.eventidentifier, e.timestamp, convert_from(e.payload, 'UTF8'),
                                   convert_from(e.metadata, 'UTF8')
                            FROM domainevententry e
                            WHERE e.aggregateidentifier = ?
                              AND e.payloadtype = 'org.standstill.api.campaign.CampaignCreated') log
                        ORDER BY globalindex""",
                rs -> {
                    consumer.accept(row.mapRow(rs, 0));
                }, campaignId, campaignId));
    }

    /** Every event of one aggregate, in order. */
    List<LoggedEvent> ofAggregate(String dayId, String aggregateId) {
        return jdbc.query(SELECT + " WHERE i.day_id = ? AND i.aggregate_id = ? ORDER BY e.sequencenumber", row,
                dayId, aggregateId);
    }

    /** What each event of a report changed in it: field → [before, after], from the report's versions. */
    Map<Long, Map<String, List<Object>>> changesOf(String reportId) {
        Map<Long, Map<String, List<Object>>> changes = new LinkedHashMap<>();
        AtomicReference<Map<String, Object>> before = new AtomicReference<>(Map.of());
        jdbc.query("""
                        SELECT position, observed_at, status, reason, type, participants, workforce, headcount, method,
                               note, verdict, retracted
                        FROM report_version WHERE report_id = ?::uuid ORDER BY position""", rs -> {
            Map<String, Object> after = new LinkedHashMap<>();
            for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                after.put(rs.getMetaData().getColumnLabel(i),
                        value instanceof java.sql.Timestamp t ? t.toInstant().toString() : value);
            }
            Map<String, List<Object>> changed = new LinkedHashMap<>();
            after.forEach((field, value) -> {
                Object old = before.get().get(field);
                if (!java.util.Objects.equals(old, value)) {
                    changed.put(field, java.util.Arrays.asList(old, value));
                }
            });
            changes.put(rs.getLong(1), changed);
            before.set(after);
        }, reportId);
        return changes;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
