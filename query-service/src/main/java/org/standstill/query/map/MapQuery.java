package org.standstill.query.map;

import org.springframework.stereotype.Component;
import org.standstill.query.plausibility.PlausibilityQuery;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyEngine;
import tools.jackson.databind.json.JsonMapper;
import org.standstill.query.tally.TallyEngine.SubjectFigures;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Mode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The city map: one GeoJSON point per subject with its figures at T as known at K, from the tally's engine. */
@Component
public class MapQuery {

    public record Feature(String type, Map<String, Object> geometry, Map<String, Object> properties) {
    }

    /** A map view: written feature by feature, never held whole (a national day has hundreds of thousands). */
    public record FeatureCollection(Instant at, Instant knownAt, Mode mode, long position,
                                    TallyEngine.Evaluation evaluation, Map<String, RallyCheck> checks) {

        public void write(OutputStream out, JsonMapper json) throws IOException {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            buffered.write(("{\"type\":\"FeatureCollection\",\"at\":" + json.writeValueAsString(at)
                    + ",\"knownAt\":" + json.writeValueAsString(knownAt) + ",\"mode\":\"" + mode
                    + "\",\"position\":" + position + ",\"features\":[").getBytes(StandardCharsets.UTF_8));
            boolean first = true;
            for (SubjectFigures subject : evaluation.subjects()) {
                if (!first) {
                    buffered.write(',');
                }
                first = false;
                buffered.write(json.writeValueAsBytes(feature(subject, checks.get(subject.subject().subjectId()))));
            }
            buffered.write("]}".getBytes(StandardCharsets.UTF_8));
            buffered.flush();
        }
    }

    private final TallyQuery tallies;
    private final PlausibilityQuery plausibility;

    MapQuery(TallyQuery tallies, PlausibilityQuery plausibility) {
        this.tallies = tallies;
        this.plausibility = plausibility;
    }

    /** Every subject known at K, rallies with their plausibility; {@code live}: T = K = now, the live view. */
    public Optional<FeatureCollection> map(String dayId, Instant at, Instant knownAt, boolean live, Mode mode) {
        return (live ? tallies.liveView(dayId, mode) : tallies.view(dayId, at, knownAt, mode, true))
                .map(view -> new FeatureCollection(view.at(), view.knownAt(), mode, view.evaluation().position,
                        view.evaluation(), plausibility.rallies(dayId, null, view.at(), view.knownAt(),
                        view.evaluation().position, mode)));
    }

    /** The features of some subjects in a view (the live view, for the WebSocket), with their rallies' checks. */
    public static List<Feature> features(List<SubjectFigures> subjects, Map<String, RallyCheck> checks) {
        return subjects.stream().map(f -> feature(f, checks.get(f.subject().subjectId()))).toList();
    }

    /**
     * One subject as a GeoJSON point. A rally also carries its plausibility at the view's T (DOMAIN.md): how many
     * reporters its estimate rests on, their methods, its {@code flags} ({@code unconfirmed}) and the reports whose
     * headcount is an {@code outlier}.
     */
    static Feature feature(SubjectFigures f, RallyCheck check) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("kind", f.subject().kind().name());
        properties.put("subjectId", f.subject().subjectId());
        properties.put("name", f.subject().name());
        if (f.subject().sector() != null) {
            properties.put("sector", f.subject().sector());
        }
        switch (f.subject().kind()) {
            case CLOSURE -> properties.put("status", f.status());
            case WALKOUT -> {
                properties.put("participants", f.participants());
                properties.put("type", f.type());
            }
            case HEADCOUNT -> {
                properties.put("estimate", f.estimate());
                properties.put("low", f.low());
                properties.put("high", f.high());
                RallyCheck c = check == null ? RallyCheck.NONE : check;
                properties.put("reporters", c.reporters());
                properties.put("methods", c.methods());
                properties.put("flags", c.flags());
                properties.put("outliers", c.outliers());
            }
        }
        properties.put("zone", f.zone());
        properties.put("reports", f.reports());
        properties.put("lastObservedAt", f.lastObservedAt());
        return new Feature("Feature", Map.of("type", "Point",
                "coordinates", List.of(f.subject().lon(), f.subject().lat())), properties);
    }
}
