package org.standstill.query.campaign;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.report.Sector;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.tally.CampaignLive;
import org.standstill.query.tally.DayIndex;
import org.standstill.query.tally.DayIndexes;
import org.standstill.query.tally.ProcessedThrough;
import org.standstill.query.tally.ProcessedThrough.Progress;
import org.standstill.query.tally.Tally;
import org.standstill.query.tally.TallyEngine;
import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyEngine.EstimateSteps;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.Timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A campaign's views, built from its member days' views (DOMAIN.md, "Campaigns"): the days that are members as known at
 * K, each evaluated at (T, K, mode) by the tally's engine over its {@link DayIndex}, summed; the peak from the days'
 * summed-estimate steps. The live view keeps a live view of each member day for the campaign ({@link CampaignLive}),
 * so its cost grows with what changed, not with the size of the campaign.
 */
@Component
public class CampaignQuery {

    /** A campaign as it stands. */
    public record Campaign(String campaignId, String name, Instant createdAt, long position, int days) {
    }

    /** What a member day is, whatever K: its name, city and time zone, where it is, and its window. */
    record DayInfo(String dayId, String name, String city, String timeZone, Double lat, Double lon, Instant startsAt,
                   Instant endsAt) {
    }

    /** A member day in a view: what it is, its status at K, and its figures. */
    record Member(DayInfo info, DayIndex index, String status, Evaluation evaluation) {
    }

    /** A view of a campaign: its T and K, its members' figures, and the peak of their summed estimate. */
    record View(String campaignId, Instant at, Instant knownAt, Mode mode, long position, List<Member> members,
                long peak, Instant peakAt) {
    }

    private final JdbcClient jdbc;
    private final DayIndexes indexes;
    private final ProcessedThrough processed;
    private final Clock clock;
    private final Map<String, CampaignLive> live = new ConcurrentHashMap<>();

    CampaignQuery(JdbcClient jdbc, DayIndexes indexes, ProcessedThrough processed, Clock clock) {
        this.jdbc = jdbc;
        this.indexes = indexes;
        this.processed = processed;
        this.clock = clock;
    }

    private static final String CAMPAIGNS = """
            SELECT c.campaign_id, c.name, c.recorded_at, c.position,
                   (SELECT count(*) FROM day_view d WHERE d.campaign_id = c.campaign_id)
            FROM campaign_view c""";

    /** Every campaign, with how many days belong to it now. */
    public List<Campaign> campaigns() {
        return jdbc.sql(CAMPAIGNS + " ORDER BY c.recorded_at, c.campaign_id").query(CampaignQuery::campaign).list();
    }

    /** One campaign (one row by key: every view and every push asks). */
    public Optional<Campaign> campaign(String campaignId) {
        return jdbc.sql(CAMPAIGNS + " WHERE c.campaign_id = ?").param(campaignId).query(CampaignQuery::campaign)
                .optional();
    }

    private static Campaign campaign(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Campaign(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getLong(4),
                rs.getInt(5));
    }

    /** The campaign at T as known at K (or the latest instant before K its view is complete for). */
    public Optional<CampaignTally> at(String campaignId, Instant at, Instant knownAt, Mode mode) {
        return view(campaignId, at, knownAt, mode).map(CampaignQuery::tally);
    }

    /** The live campaign (T = K = now). */
    public Optional<CampaignTally> live(String campaignId, Mode mode) {
        return liveView(campaignId, mode).map(CampaignQuery::tally);
    }

    /**
     * The live tally, and when passing time alone may change a member day's figures next (by day id; a day whose
     * figures time alone never changes is absent).
     */
    public record Live(CampaignTally tally, Map<String, Instant> nextChanges) {

        /** The first moment after now at which passing time alone may change a figure of the campaign (or null). */
        public Instant nextChange() {
            return nextChanges.values().stream().min(Instant::compareTo).orElse(null);
        }
    }

    /** The live campaign (T = K = now), with when its days change next by passing time alone: what its pushes send. */
    public Optional<Live> liveWithNextChange(String campaignId) {
        return liveView(campaignId, Mode.ALL).map(view -> {
            Map<String, Instant> nextChanges = new java.util.HashMap<>();
            view.members().forEach(m -> {
                if (m.evaluation().nextChange != null) {
                    nextChanges.put(m.info().dayId(), m.evaluation().nextChange);
                }
            });
            return new Live(tally(view), nextChanges);
        });
    }

    /** The days that belong to the campaign now, as the projection has them, by id (no day's index is read). */
    public List<String> memberDays(String campaignId) {
        return jdbc.sql("SELECT day_id FROM day_view WHERE campaign_id = ? ORDER BY day_id").param(campaignId)
                .query(String.class).list();
    }

    /** The campaign a day belongs to now, as the projection has it; null if none (one look-up by key). */
    public String campaignOf(String dayId) {
        return jdbc.sql("SELECT campaign_id FROM day_view WHERE day_id = ?").param(dayId).query(String.class).optional()
                .orElse(null);
    }

    /** The campaign at T as known at K: each member day evaluated there, with its crowd estimate's steps up to T. */
    Optional<View> view(String campaignId, Instant at, Instant knownAt, Mode mode) {
        Optional<Campaign> campaign = campaign(campaignId);
        if (campaign.isEmpty()) {
            return Optional.empty();
        }
        Progress progress = processed.progress();
        Instant complete = progress.complete(knownAt);
        List<Member> members = new ArrayList<>();
        List<EstimateSteps> steps = new ArrayList<>();
        for (Member m : membersAt(campaignId, complete, progress.position())) {
            Evaluation e = TallyEngine.withSteps(m.index(), at, complete, mode);
            members.add(new Member(m.info(), m.index(), m.status(), e));
            steps.add(e.estimateSteps);
        }
        long[] peak = TallyEngine.peakOfSum(steps);
        return Optional.of(new View(campaignId, at, complete, mode, position(campaign.get(), complete, members), members,
                peak[0], peak[1] == Long.MIN_VALUE ? null : TallyEngine.instant(peak[1])));
    }

    /** The live campaign: each member day's live view kept for the campaign, and their summed estimate's peak. */
    Optional<View> liveView(String campaignId, Mode mode) {
        Optional<Campaign> campaign = campaign(campaignId);
        if (campaign.isEmpty()) {
            return Optional.empty();
        }
        Progress progress = processed.progress();
        Map<String, Member> byDay = new LinkedHashMap<>();
        CampaignLive.View view = live.computeIfAbsent(campaignId + "/" + mode, key -> new CampaignLive(mode))
                .at(clock, progress::complete, knownAt -> {
                    byDay.clear();
                    membersAt(campaignId, knownAt, progress.position()).forEach(m -> byDay.put(m.info().dayId(), m));
                    return byDay.values().stream().map(Member::index).toList();
                });
        List<Member> members = new ArrayList<>();
        for (CampaignLive.Part part : view.days()) {
            Member m = byDay.get(part.day().dayId());
            members.add(new Member(m.info(), m.index(), m.status(), part.evaluation()));
        }
        return Optional.of(new View(campaignId, view.at(), view.knownAt(), mode,
                position(campaign.get(), view.knownAt(), members), members, view.peak(), view.peakAt()));
    }

    /**
     * The headline figures at the end of each bucket, from the earliest start of a member day to the latest end (or
     * now), as known now: each day's timeline at the same instants, summed.
     */
    public Optional<CampaignTimeline> timeline(String campaignId, Duration bucket, Mode mode, long maxPoints) {
        Optional<Campaign> campaign = campaign(campaignId);
        if (campaign.isEmpty()) {
            return Optional.empty();
        }
        Progress progress = processed.progress();
        Instant now = clock.instant();
        Instant knownAt = progress.complete(now);
        List<Member> members = membersAt(campaignId, knownAt, progress.position());
        List<Timeline.Point> points = new ArrayList<>();
        if (!members.isEmpty()) {
            Instant startsAt = members.stream().map(m -> m.info().startsAt()).min(Instant::compareTo).orElseThrow();
            Instant endsAt = members.stream().map(m -> m.info().endsAt()).max(Instant::compareTo).orElseThrow();
            long seconds = Duration.between(startsAt, endsAt).getSeconds();
            if (seconds / bucket.getSeconds() > maxPoints) {
                long shortest = Math.max(1, (seconds + maxPoints - 1) / maxPoints);
                throw new InvalidParameter("bucket", "cuts this campaign into " + seconds / bucket.getSeconds()
                        + " points, more than the " + maxPoints + " a timeline may have: use PT" + shortest + "S or longer");
            }
            Instant end = endsAt.isBefore(now) ? endsAt : now;
            List<Instant> ats = new ArrayList<>();
            for (Instant at = startsAt.plus(bucket); !at.isAfter(end); at = at.plus(bucket)) {
                ats.add(at);
            }
            long[][] sums = new long[ats.size()][9];
            for (Member m : members) {
                List<Timeline.Point> day = TallyEngine.timeline(m.index(), ats, knownAt, mode);
                for (int i = 0; i < day.size(); i++) {
                    Timeline.Point p = day.get(i);
                    long[] sum = sums[i];
                    sum[0] += p.closed();
                    sum[1] += p.partial();
                    sum[2] += p.open();
                    sum[3] += p.workplaces();
                    sum[4] += p.workers();
                    sum[5] += p.students();
                    sum[6] += p.crowdEstimate();
                    sum[7] += p.crowdLow();
                    sum[8] += p.crowdHigh();
                }
            }
            for (int i = 0; i < ats.size(); i++) {
                long[] s = sums[i];
                points.add(new Timeline.Point(ats.get(i), s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]));
            }
        }
        long position = campaign.get().position();
        for (Member m : members) {
            position = Math.max(position, TallyEngine.positionAt(m.index(), knownAt));
        }
        return Optional.of(new CampaignTimeline(campaignId, bucket, mode, knownAt, position, points));
    }

    /** The headline figures at the end of each bucket, summed over the member days. */
    public record CampaignTimeline(String campaignId, Duration bucket, Mode mode, Instant knownAt, long position,
                                   List<Timeline.Point> points) {
    }

    /** The days that belong to the campaign as known at K: any day that ever chose it, as its own history says. */
    private List<Member> membersAt(String campaignId, Instant knownAt, long processedThrough) {
        // Read after processedThrough was: each day's position is then at least that of its latest event up to there.
        Map<DayInfo, Long> candidates = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT day_id, name, city, time_zone, lat, lon, starts_at, ends_at, position FROM day_view
                        WHERE day_id IN (SELECT day_id FROM day_version WHERE campaign_id = ?) ORDER BY day_id""")
                .param(campaignId)
                .query(rs -> {
                    candidates.put(new DayInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, Double.class), rs.getObject(6, Double.class), rs.getTimestamp(7).toInstant(),
                            rs.getTimestamp(8).toInstant()), rs.getLong(9));
                });
        List<Member> members = new ArrayList<>();
        for (Map.Entry<DayInfo, Long> candidate : candidates.entrySet()) {
            DayInfo info = candidate.getKey();
            indexes.get(info.dayId(), processedThrough, candidate.getValue()).ifPresent(index -> {
                if (campaignId.equals(index.campaignAt(knownAt))) {
                    members.add(new Member(info, index, index.statusAt(knownAt), null));
                }
            });
        }
        return members;
    }

    /** The campaign's own position if known at K, and its member days' last events recorded by then. */
    private static long position(Campaign campaign, Instant knownAt, List<Member> members) {
        long position = campaign.createdAt().isAfter(knownAt) ? 0 : campaign.position();
        for (Member m : members) {
            position = Math.max(position, m.evaluation().position);
        }
        return position;
    }

    /**
     * The campaign's map at T as known at K (live: now): one point per member day at its city (where it was planned,
     * else the centre of its zones; no geometry if neither), with its headline figures.
     */
    public Optional<Map<String, Object>> map(String campaignId, Instant at, Instant knownAt, boolean isLive, Mode mode) {
        return (isLive ? liveView(campaignId, mode) : view(campaignId, at, knownAt, mode)).map(view -> {
            List<Map<String, Object>> features = new ArrayList<>();
            for (Member m : view.members()) {
                Evaluation e = m.evaluation();
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("dayId", m.info().dayId());
                properties.put("name", m.info().name());
                properties.put("city", m.info().city());
                properties.put("timeZone", m.info().timeZone());
                properties.put("status", m.status());
                properties.put("closed", e.businesses.closed());
                properties.put("partial", e.businesses.partial());
                properties.put("open", e.businesses.open());
                properties.put("workplaces", e.walkouts.workplaces());
                properties.put("workers", e.walkouts.workers());
                properties.put("students", e.walkouts.students());
                properties.put("estimate", e.crowd.estimate());
                properties.put("low", e.crowd.low());
                properties.put("high", e.crowd.high());
                properties.put("rallies", e.crowd.rallies());
                properties.put("reports", e.reports.total());
                properties.put("position", e.position);
                double[] where = m.info().lat() != null ? new double[]{m.info().lat(), m.info().lon()}
                        : Optional.ofNullable(m.index().zoneIndexAt(view.knownAt())).map(z -> z.centre()).orElse(null);
                Map<String, Object> feature = new LinkedHashMap<>();
                feature.put("type", "Feature");
                feature.put("geometry", where == null ? null
                        : Map.of("type", "Point", "coordinates", List.of(where[1], where[0])));
                feature.put("properties", properties);
                features.add(feature);
            }
            Map<String, Object> collection = new LinkedHashMap<>();
            collection.put("type", "FeatureCollection");
            collection.put("campaignId", campaignId);
            collection.put("at", view.at());
            collection.put("knownAt", view.knownAt());
            collection.put("mode", mode);
            collection.put("position", view.position());
            collection.put("features", features);
            return collection;
        });
    }

    /** The tally answer of a view. */
    static CampaignTally tally(View view) {
        long[] businesses = new long[3];
        Map<String, long[]> bySector = new LinkedHashMap<>();
        for (Sector sector : Sector.values()) {
            bySector.put(sector.name(), new long[3]); // every sector, as a day's tally has
        }
        Map<String, Tally.Counts> byDay = new LinkedHashMap<>();
        long[] walkouts = new long[3];
        long[] crowd = new long[4];
        long[] reports = new long[4];
        List<CampaignTally.Day> days = new ArrayList<>();
        for (Member m : view.members()) {
            Evaluation e = m.evaluation();
            Tally.Businesses b = e.businesses;
            businesses[0] += b.closed();
            businesses[1] += b.partial();
            businesses[2] += b.open();
            b.bySector().forEach((sector, c) -> {
                long[] sum = bySector.computeIfAbsent(sector, s -> new long[3]);
                sum[0] += c.closed();
                sum[1] += c.partial();
                sum[2] += c.open();
            });
            byDay.put(m.info().dayId(), new Tally.Counts(b.closed(), b.partial(), b.open()));
            walkouts[0] += e.walkouts.workplaces();
            walkouts[1] += e.walkouts.workers();
            walkouts[2] += e.walkouts.students();
            crowd[0] += e.crowd.estimate();
            crowd[1] += e.crowd.low();
            crowd[2] += e.crowd.high();
            crowd[3] += e.crowd.rallies();
            reports[0] += e.reports.total();
            reports[1] += e.reports.verified();
            reports[2] += e.reports.disputed();
            reports[3] += e.reports.retracted();
            days.add(new CampaignTally.Day(m.info().dayId(), m.info().name(), m.info().city(), m.info().timeZone(),
                    m.status(), TallyQuery.tally(m.info().dayId(), new TallyQuery.View(view.at(), view.knownAt(), e),
                    view.mode())));
        }
        Map<String, Tally.Counts> sectors = new LinkedHashMap<>();
        bySector.forEach((sector, c) -> sectors.put(sector, new Tally.Counts(c[0], c[1], c[2])));
        CampaignTally.Totals totals = new CampaignTally.Totals(
                new CampaignTally.Businesses(businesses[0], businesses[1], businesses[2], sectors, byDay),
                new Tally.Walkouts(walkouts[0], walkouts[1], walkouts[2]),
                new Tally.Crowd(crowd[0], crowd[1], crowd[2], crowd[3], view.peak(), view.peakAt()),
                new Tally.Reports(reports[0], reports[1], reports[2], reports[3]));
        return new CampaignTally(view.campaignId(), view.at(), view.knownAt(), view.mode(), view.position(), totals,
                days);
    }
}
