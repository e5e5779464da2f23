package org.standstill.query.map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.standstill.query.day.DayProjection;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.Reports;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyQuery.Subject;
import org.standstill.query.tally.TallyRules;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Report;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The city map: one GeoJSON point per subject with its figures at T as known at K, by the tally's rules. */
@Component
public class MapQuery {

    public record Feature(String type, Map<String, Object> geometry, Map<String, Object> properties) {
    }

    public record FeatureCollection(String type, Instant at, Instant knownAt, Mode mode, long position,
                                    List<Feature> features) {
    }

    private final Reports reports;
    private final TallyQuery tallies;
    private final DayProjection days;

    MapQuery(Reports reports, TallyQuery tallies, DayProjection days) {
        this.reports = reports;
        this.tallies = tallies;
        this.days = days;
    }

    /** Every subject known at K; {@code live}: K is now, read from the reports as they stand. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<FeatureCollection> map(String dayId, Instant at, Instant knownAt, boolean live, Mode mode) {
        if (!tallies.exists(dayId)) {
            return Optional.empty();
        }
        List<Report> known = live ? reports.current(dayId) : reports.knownAt(dayId, knownAt);
        ZoneIndex zones = live ? days.zones(dayId) : days.zonesAt(dayId, knownAt);
        Map<String, Subject> subjects = tallies.subjects(dayId);
        List<Feature> features = TallyRules.bySubject(known).entrySet().stream()
                .map(s -> feature(subjects.get(s.getKey()), s.getValue(), at, mode, zones))
                .toList();
        return Optional.of(new FeatureCollection("FeatureCollection", at, knownAt, mode,
                days.positionAt(dayId, knownAt), features));
    }

    /** The live features (ALL mode, now) of some subjects, for the WebSocket. */
    @Transactional(readOnly = true)
    public List<Feature> liveFeatures(String dayId, Collection<String> subjectIds, Instant now) {
        Map<String, Subject> subjects = tallies.subjects(dayId);
        ZoneIndex zones = days.zones(dayId);
        return subjectIds.stream()
                .filter(subjects::containsKey)
                .map(id -> feature(subjects.get(id), reports.ofSubject(dayId, id), now, Mode.ALL, zones))
                .toList();
    }

    static Feature feature(Subject subject, List<Report> ofSubject, Instant at, Mode mode, ZoneIndex zones) {
        List<Report> seen = ofSubject.stream().filter(r -> !r.retracted() && !r.observedAt().isAfter(at)).toList();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("kind", subject.kind().name());
        properties.put("subjectId", subject.subjectId());
        properties.put("name", subject.name());
        if (subject.sector() != null) {
            properties.put("sector", subject.sector());
        }
        Optional<Report> latest = TallyRules.latest(ofSubject, at, mode);
        if (subject.kind() == Kind.CLOSURE) {
            properties.put("status", latest.map(r -> r.status().name()).orElse(null));
        } else if (subject.kind() == Kind.WALKOUT) {
            properties.put("participants", latest.map(Report::participants).orElse(null));
            properties.put("type", latest.map(r -> r.type().name()).orElse(null));
        } else {
            TallyRules.RallyCrowd crowd = TallyRules.rally(ofSubject, at, mode);
            properties.put("estimate", crowd.estimate());
            properties.put("low", crowd.low());
            properties.put("high", crowd.high());
        }
        properties.put("zone", zones.zoneOf(subject.lat(), subject.lon()));
        properties.put("reports", seen.size());
        properties.put("lastObservedAt", seen.stream().map(Report::observedAt).max(Instant::compareTo).orElse(null));
        return new Feature("Feature", Map.of("type", "Point", "coordinates", List.of(subject.lon(), subject.lat())),
                properties);
    }
}
