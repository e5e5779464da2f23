package org.standstill.query.tally;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.Sector;
import org.standstill.query.day.DayProjection;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.Tally.Counts;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tally of a day. At now it is read from the projection's tables (never from the event log); at
 * any other T or K it is evaluated with the same {@link TallyRules} from the reports as known at K.
 */
@Component
public class TallyQuery {

    /** Where a subject is and what it is: from its first report. */
    public record Subject(String subjectId, Kind kind, String name, String sector, double lat, double lon) {
    }

    private final JdbcClient jdbc;
    private final DayProjection days;
    private final Reports reports;
    private final Clock clock;

    TallyQuery(JdbcClient jdbc, DayProjection days, Reports reports, Clock clock) {
        this.jdbc = jdbc;
        this.days = days;
        this.reports = reports;
        this.clock = clock;
    }

    /** The live tally (T = K = now) of a day; empty if the day is unknown. Figures and position agree. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<Tally> live(String dayId, Mode mode) {
        Optional<Long> position = jdbc.sql("SELECT position FROM day_view WHERE day_id = ?").param(dayId)
                .query(Long.class).optional();
        if (position.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String suffix = mode == Mode.ALL ? "_all" : "_verified";
        BusinessCounts businesses = new BusinessCounts(days.zones(dayId).names());
        jdbc.sql("SELECT sector, zone, status" + suffix + ", count(*) FROM subject_view WHERE day_id = ? AND kind = 'CLOSURE'"
                        + " AND status" + suffix + " IS NOT NULL GROUP BY 1, 2, 3")
                .param(dayId)
                .query(rs -> {
                    businesses.add(rs.getString(1), rs.getString(2), ClosureStatus.valueOf(rs.getString(3)), rs.getLong(4));
                });
        Tally.Walkouts walkouts = jdbc.sql("""
                        SELECT count(*) FILTER (WHERE participants%1$s > 0),
                               coalesce(sum(participants%1$s) FILTER (WHERE type%1$s <> 'STUDENT_WALKOUT'), 0),
                               coalesce(sum(participants%1$s) FILTER (WHERE type%1$s = 'STUDENT_WALKOUT'), 0)
                        FROM subject_view WHERE day_id = ? AND kind = 'WALKOUT'""".formatted(suffix))
                .param(dayId)
                .query((rs, row) -> new Tally.Walkouts(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
        TallyRules.Crowd crowd = TallyRules.crowd(reports.ofKind(dayId, Kind.HEADCOUNT), now, mode);
        Tally.Reports counts = jdbc.sql("""
                        SELECT count(*),
                               count(*) FILTER (WHERE verdict = 'VERIFIED' AND NOT retracted),
                               count(*) FILTER (WHERE verdict = 'DISPUTED' AND NOT retracted),
                               count(*) FILTER (WHERE retracted)
                        FROM report_view WHERE day_id = ?""")
                .param(dayId)
                .query((rs, row) -> new Tally.Reports(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
        return Optional.of(new Tally(dayId, now, now, mode, position.get(), businesses.toBusinesses(), walkouts,
                crowd(crowd), counts));
    }

    /** The tally at T as known at K, evaluated from the reports recorded up to K; empty if the day is unknown. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<Tally> at(String dayId, Instant at, Instant knownAt, Mode mode) {
        if (!exists(dayId)) {
            return Optional.empty();
        }
        List<Report> known = reports.knownAt(dayId, knownAt);
        return Optional.of(evaluate(dayId, known, days.zonesAt(dayId, knownAt), subjects(dayId), at, knownAt, mode,
                days.positionAt(dayId, knownAt)));
    }

    /** The headline figures at the end of each bucket from startsAt to min(now, endsAt), as known now. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<Timeline> timeline(String dayId, Duration bucket, Mode mode) {
        record Day(Instant startsAt, Instant endsAt, long position) {
        }
        Optional<Day> day = jdbc.sql("SELECT starts_at, ends_at, position FROM day_view WHERE day_id = ?")
                .param(dayId)
                .query((rs, row) -> new Day(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getLong(3)))
                .optional();
        if (day.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant end = day.get().endsAt().isBefore(now) ? day.get().endsAt() : now;
        List<Report> known = reports.knownAt(dayId, now);
        ZoneIndex zones = days.zones(dayId);
        Map<String, Subject> subjects = subjects(dayId);
        List<Timeline.Point> points = new ArrayList<>();
        for (Instant at = day.get().startsAt().plus(bucket); !at.isAfter(end); at = at.plus(bucket)) {
            Tally tally = evaluate(dayId, known, zones, subjects, at, now, mode, 0);
            points.add(new Timeline.Point(at, tally.businesses().closed(), tally.businesses().partial(),
                    tally.businesses().open(), tally.walkouts().workplaces(), tally.walkouts().workers(),
                    tally.walkouts().students(), tally.crowd().estimate(), tally.crowd().low(), tally.crowd().high()));
        }
        return Optional.of(new Timeline(dayId, bucket, mode, now, day.get().position(), points));
    }

    /** Every figure at T from the reports known at K: the same rules as the live projection. */
    Tally evaluate(String dayId, List<Report> known, ZoneIndex zones, Map<String, Subject> subjects, Instant at,
                   Instant knownAt, Mode mode, long position) {
        Map<Kind, List<Report>> byKind = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            byKind.put(kind, new ArrayList<>());
        }
        known.forEach(r -> byKind.get(r.kind()).add(r));
        BusinessCounts businesses = new BusinessCounts(zones.names());
        TallyRules.bySubject(byKind.get(Kind.CLOSURE)).forEach((subjectId, ofSubject) ->
                TallyRules.latest(ofSubject, at, mode).ifPresent(latest -> {
                    Subject subject = subjects.get(subjectId);
                    businesses.add(subject.sector(), zones.zoneOf(subject.lat(), subject.lon()), latest.status(), 1);
                }));
        TallyRules.Walkouts walkouts = TallyRules.walkouts(byKind.get(Kind.WALKOUT), at, mode);
        TallyRules.Crowd crowd = TallyRules.crowd(byKind.get(Kind.HEADCOUNT), at, mode);
        long verified = known.stream().filter(r -> !r.retracted() && r.verdict() == TallyRules.Verdict.VERIFIED).count();
        long disputed = known.stream().filter(r -> !r.retracted() && r.verdict() == TallyRules.Verdict.DISPUTED).count();
        long retracted = known.stream().filter(Report::retracted).count();
        return new Tally(dayId, at, knownAt, mode, position, businesses.toBusinesses(),
                new Tally.Walkouts(walkouts.workplaces(), walkouts.workers(), walkouts.students()),
                crowd(crowd), new Tally.Reports(known.size(), verified, disputed, retracted));
    }

    /** The next moment after now at which passing time alone changes the live crowd figures. */
    public Optional<Instant> nextCrowdChange(String dayId) {
        return TallyRules.nextCrowdChange(reports.ofKind(dayId, Kind.HEADCOUNT), clock.instant());
    }

    public boolean exists(String dayId) {
        return jdbc.sql("SELECT count(*) FROM day_view WHERE day_id = ?").param(dayId).query(Long.class).single() > 0;
    }

    public Map<String, Subject> subjects(String dayId) {
        Map<String, Subject> subjects = new LinkedHashMap<>();
        jdbc.sql("SELECT subject_id, kind, name, sector, lat, lon FROM subject_view WHERE day_id = ?").param(dayId)
                .query((rs, row) -> new Subject(rs.getString(1), Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getDouble(5), rs.getDouble(6)))
                .list()
                .forEach(s -> subjects.put(s.subjectId(), s));
        return subjects;
    }

    private static Tally.Crowd crowd(TallyRules.Crowd crowd) {
        return new Tally.Crowd(crowd.estimate(), crowd.low(), crowd.high(), crowd.rallies(), crowd.peak(), crowd.peakAt());
    }

    /** Businesses by status, also per sector (every sector) and per zone (every zone, and unzoned). */
    private static final class BusinessCounts {
        private final long[] total = new long[3];
        private final Map<String, long[]> bySector = new LinkedHashMap<>();
        private final Map<String, long[]> byZone = new LinkedHashMap<>();

        BusinessCounts(List<String> zones) {
            for (Sector sector : Sector.values()) {
                bySector.put(sector.name(), new long[3]);
            }
            zones.forEach(zone -> byZone.put(zone, new long[3]));
            byZone.put(ZoneIndex.UNZONED, new long[3]);
        }

        void add(String sector, String zone, ClosureStatus status, long n) {
            int i = status.ordinal(); // CLOSED, PARTIAL, OPEN
            total[i] += n;
            bySector.computeIfAbsent(sector, s -> new long[3])[i] += n;
            byZone.computeIfAbsent(zone, z -> new long[3])[i] += n;
        }

        Tally.Businesses toBusinesses() {
            return new Tally.Businesses(total[0], total[1], total[2], counts(bySector), counts(byZone));
        }

        private static Map<String, Counts> counts(Map<String, long[]> raw) {
            Map<String, Counts> counts = new LinkedHashMap<>();
            raw.forEach((key, c) -> counts.put(key, new Counts(c[0], c[1], c[2])));
            return counts;
        }
    }
}
