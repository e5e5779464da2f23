package org.standstill.query.tally;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.standstill.api.report.Sector;
import org.standstill.query.day.DayProjection;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.Tally.Counts;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The tally at now, read from the projection's tables (never from the event log). */
@Component
public class TallyQuery {

    private final JdbcClient jdbc;
    private final DayProjection days;
    private final Clock clock;

    TallyQuery(JdbcClient jdbc, DayProjection days, Clock clock) {
        this.jdbc = jdbc;
        this.days = days;
        this.clock = clock;
    }

    /** The live tally of a day; empty if the day is unknown. One snapshot: figures and position agree. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<Tally> live(String dayId, Mode mode) {
        Optional<Long> position = jdbc.sql("SELECT position FROM day_view WHERE day_id = ?").param(dayId)
                .query(Long.class).optional();
        if (position.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String status = mode == Mode.ALL ? "status_all" : "status_verified";
        Map<String, long[]> bySector = new LinkedHashMap<>();
        for (Sector sector : Sector.values()) {
            bySector.put(sector.name(), new long[3]);
        }
        Map<String, long[]> byZone = new LinkedHashMap<>();
        for (String zone : days.zones(dayId).names()) {
            byZone.put(zone, new long[3]);
        }
        byZone.put(ZoneIndex.UNZONED, new long[3]);
        long[] total = new long[3];
        jdbc.sql("SELECT sector, zone, " + status + ", count(*) FROM business_view WHERE day_id = ? AND "
                        + status + " IS NOT NULL GROUP BY 1, 2, 3")
                .param(dayId)
                .query(rs -> {
                    int i = switch (rs.getString(3)) {
                        case "CLOSED" -> 0;
                        case "PARTIAL" -> 1;
                        default -> 2;
                    };
                    long n = rs.getLong(4);
                    bySector.computeIfAbsent(rs.getString(1), s -> new long[3])[i] += n;
                    byZone.computeIfAbsent(rs.getString(2), z -> new long[3])[i] += n;
                    total[i] += n;
                });
        Tally.Reports reports = jdbc.sql("""
                        SELECT count(*),
                               count(*) FILTER (WHERE verdict = 'VERIFIED' AND NOT retracted),
                               count(*) FILTER (WHERE verdict = 'DISPUTED' AND NOT retracted),
                               count(*) FILTER (WHERE retracted)
                        FROM report_view WHERE day_id = ?""")
                .param(dayId)
                .query((rs, row) -> new Tally.Reports(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
        return Optional.of(new Tally(dayId, now, now, mode, position.get(),
                new Tally.Businesses(total[0], total[1], total[2], counts(bySector), counts(byZone)),
                new Tally.Walkouts(0, 0, 0),
                new Tally.Crowd(0, 0, 0, 0, 0, null),
                reports));
    }

    private static Map<String, Counts> counts(Map<String, long[]> raw) {
        Map<String, Counts> counts = new LinkedHashMap<>();
        raw.forEach((key, c) -> counts.put(key, new Counts(c[0], c[1], c[2])));
        return counts;
    }
}
