package org.standstill.query.day;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.api.day.Zone;
import org.standstill.api.day.ZonesReplaced;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The days of action and their zones ({@code day_view}); every view of a day records its position here. */
@Component
@ProcessingGroup("tally")
public class DayProjection {

    private static final TypeReference<List<Zone>> ZONES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final EventPositions positions;
    private final Map<String, ZoneIndex> zoneIndexes = new ConcurrentHashMap<>();

    DayProjection(JdbcClient jdbc, ObjectMapper defaultAxonObjectMapper, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = defaultAxonObjectMapper;
        this.positions = positions;
    }

    @EventHandler
    void on(DayPlanned event, @Timestamp Instant recordedAt, EventMessage<?> message) {
        jdbc.sql("""
                        INSERT INTO day_view (day_id, name, city, time_zone, starts_at, ends_at, status, zones, position)
                        VALUES (?, ?, ?, ?, ?, ?, 'PLANNED', ?::jsonb, ?) ON CONFLICT (day_id) DO NOTHING""")
                .params(event.dayId(), event.name(), event.city(), event.timeZone(), java.sql.Timestamp.from(event.startsAt()),
                        java.sql.Timestamp.from(event.endsAt()), write(event.zones()), positions.of(message))
                .update();
        versioned(event.dayId(), recordedAt, message);
    }

    @EventHandler
    void on(ZonesReplaced event, @Timestamp Instant recordedAt, EventMessage<?> message) {
        jdbc.sql("UPDATE day_view SET zones = ?::jsonb WHERE day_id = ?")
                .params(write(event.zones()), event.dayId()).update();
        ZoneIndex zones = zones(event.dayId());
        jdbc.sql("SELECT subject_id, lat, lon FROM subject_view WHERE day_id = ?").param(event.dayId())
                .query((rs, row) -> new Object[]{rs.getString(1), zones.zoneOf(rs.getDouble(2), rs.getDouble(3))})
                .list()
                .forEach(b -> jdbc.sql("UPDATE subject_view SET zone = ? WHERE day_id = ? AND subject_id = ?")
                        .params(b[1], event.dayId(), b[0]).update());
        versioned(event.dayId(), recordedAt, message);
    }

    @EventHandler
    void on(DayOpened event, @Timestamp Instant recordedAt, EventMessage<?> message) {
        setStatus(event.dayId(), "LIVE", recordedAt, message);
    }

    @EventHandler
    void on(DayClosed event, @Timestamp Instant recordedAt, EventMessage<?> message) {
        setStatus(event.dayId(), "CLOSED", recordedAt, message);
    }

    /** The zones of a day, as the projection's tables know them now (parsed once per distinct set of zones). */
    public ZoneIndex zones(String dayId) {
        String zones = jdbc.sql("SELECT zones::text FROM day_view WHERE day_id = ?").param(dayId).query(String.class)
                .optional().orElse("[]");
        return zoneIndexes.computeIfAbsent(zones, text -> new ZoneIndex(readZones(text)));
    }

    /** Records that the day's views now reflect the event at {@code position}, and tells the live side what changed. */
    public void changed(ViewChange change, long position) {
        jdbc.sql("UPDATE day_view SET position = greatest(position, ?) WHERE day_id = ?")
                .params(position, change.dayId()).update();
        notifyViews(change);
    }

    /**
     * Tells every query-service instance, once this transaction commits, that some of the day's views
     * changed — unless this is a rebuild into other tables, which no one watches live.
     */
    public void notifyViews(ViewChange change) {
        if (Replay.isActive()) {
            return;
        }
        jdbc.sql("SELECT pg_notify('standstill_views', ?)").param(change.payload()).query(rs -> { });
    }

    private void setStatus(String dayId, String status, Instant recordedAt, EventMessage<?> message) {
        jdbc.sql("UPDATE day_view SET status = ? WHERE day_id = ?").params(status, dayId).update();
        versioned(dayId, recordedAt, message);
    }

    /** Records the day's event with the zones after it, for views as known at an earlier moment. */
    private void versioned(String dayId, Instant recordedAt, EventMessage<?> message) {
        long position = positions.of(message);
        jdbc.sql("""
                        INSERT INTO day_version (day_id, position, recorded_at, zones)
                        SELECT day_id, ?, ?, zones FROM day_view WHERE day_id = ? ON CONFLICT DO NOTHING""")
                .params(position, java.sql.Timestamp.from(recordedAt), dayId).update();
        changed(ViewChange.day(dayId), position);
    }

    /** The zones of a day as known at {@code knownAt} (none if the day was not planned yet). */
    public ZoneIndex zonesAt(String dayId, Instant knownAt) {
        String zones = jdbc.sql("""
                        SELECT zones::text FROM day_version WHERE day_id = ? AND recorded_at <= ?
                        ORDER BY position DESC LIMIT 1""")
                .params(dayId, java.sql.Timestamp.from(knownAt)).query(String.class)
                .optional().orElse("[]");
        return zoneIndexes.computeIfAbsent(zones, text -> new ZoneIndex(readZones(text)));
    }

    /** The position of the last event of the day recorded at or before {@code knownAt}; 0 if none. */
    public long positionAt(String dayId, Instant knownAt) {
        return jdbc.sql("""
                        SELECT coalesce(greatest(
                            (SELECT max(position) FROM day_version WHERE day_id = ? AND recorded_at <= ?),
                            (SELECT max(position) FROM report_version WHERE day_id = ? AND recorded_at <= ?)), 0)""")
                .params(dayId, java.sql.Timestamp.from(knownAt), dayId, java.sql.Timestamp.from(knownAt))
                .query(Long.class).single();
    }

    private List<Zone> readZones(String text) {
        try {
            return json.readValue(text, ZONES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable zones in day_view", e);
        }
    }

    private String write(List<Zone> zones) {
        try {
            return json.writeValueAsString(zones);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
