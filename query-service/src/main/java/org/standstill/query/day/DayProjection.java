package org.standstill.query.day;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.api.day.Zone;
import org.standstill.api.day.ZonesReplaced;

import java.sql.Timestamp;
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
    private final Map<String, ZoneIndex> zoneIndexes = new ConcurrentHashMap<>();

    DayProjection(JdbcClient jdbc, ObjectMapper defaultAxonObjectMapper) {
        this.jdbc = jdbc;
        this.json = defaultAxonObjectMapper;
    }

    @EventHandler
    void on(DayPlanned event, TrackingToken token) {
        jdbc.sql("""
                        INSERT INTO day_view (day_id, name, city, time_zone, starts_at, ends_at, status, zones, position)
                        VALUES (?, ?, ?, ?, ?, ?, 'PLANNED', ?::jsonb, ?) ON CONFLICT (day_id) DO NOTHING""")
                .params(event.dayId(), event.name(), event.city(), event.timeZone(), Timestamp.from(event.startsAt()),
                        Timestamp.from(event.endsAt()), write(event.zones()), position(token))
                .update();
        changed(event.dayId(), token);
    }

    @EventHandler
    void on(ZonesReplaced event, TrackingToken token) {
        jdbc.sql("UPDATE day_view SET zones = ?::jsonb WHERE day_id = ?")
                .params(write(event.zones()), event.dayId()).update();
        zoneIndexes.remove(event.dayId());
        ZoneIndex zones = zones(event.dayId());
        jdbc.sql("SELECT subject_id, lat, lon FROM business_view WHERE day_id = ?").param(event.dayId())
                .query((rs, row) -> new Object[]{rs.getString(1), zones.zoneOf(rs.getDouble(2), rs.getDouble(3))})
                .list()
                .forEach(b -> jdbc.sql("UPDATE business_view SET zone = ? WHERE day_id = ? AND subject_id = ?")
                        .params(b[1], event.dayId(), b[0]).update());
        changed(event.dayId(), token);
    }

    @EventHandler
    void on(DayOpened event, TrackingToken token) {
        setStatus(event.dayId(), "LIVE", token);
    }

    @EventHandler
    void on(DayClosed event, TrackingToken token) {
        setStatus(event.dayId(), "CLOSED", token);
    }

    /** The zones of a day, as the projection knows them now. */
    public ZoneIndex zones(String dayId) {
        return zoneIndexes.computeIfAbsent(dayId, id -> new ZoneIndex(
                jdbc.sql("SELECT zones::text FROM day_view WHERE day_id = ?").param(id).query(String.class)
                        .optional().map(this::readZones).orElse(List.of())));
    }

    /** Records that the day's views now reflect the event at {@code token}, and tells the live side. */
    public void changed(String dayId, TrackingToken token) {
        jdbc.sql("UPDATE day_view SET position = greatest(position, ?) WHERE day_id = ?")
                .params(position(token), dayId).update();
        notifyViews(dayId);
    }

    /** Tells every query-service instance, once this transaction commits, that the day's views changed. */
    public void notifyViews(String dayId) {
        jdbc.sql("SELECT pg_notify('standstill_views', ?)").param(dayId).query(rs -> { });
    }

    private void setStatus(String dayId, String status, TrackingToken token) {
        jdbc.sql("UPDATE day_view SET status = ? WHERE day_id = ?").params(status, dayId).update();
        changed(dayId, token);
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

    public static long position(TrackingToken token) {
        return token.position().orElseThrow();
    }
}
