package org.standstill.query.map;

import org.springframework.stereotype.Component;
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
import java.util.Collection;
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
                                    TallyEngine.Evaluation evaluation) {

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
                buffered.write(json.writeValueAsBytes(feature(subject)));
            }
            buffered.write("]}".getBytes(StandardCharsets.UTF_8));
            buffered.flush();
        }
    }

    private final TallyQuery tallies;

    MapQuery(TallyQuery tallies) {
        this.tallies = tallies;
    }

    /** Every subject known at K; {@code live}: T = K = now, the live view. */
    public Optional<FeatureCollection> map(String dayId, Instant at, Instant knownAt, boolean live, Mode mode) {
        return (live ? tallies.liveView(dayId, mode) : tallies.view(dayId, at, knownAt, mode, true))
                .map(view -> new FeatureCollection(view.at(), view.knownAt(), mode, view.evaluation().position,
                        view.evaluation()));
    }

    /** The features of some subjects in a view (the live view, for the WebSocket). */
    public static List<Feature> features(TallyQuery.View view, Collection<String> subjectIds) {
        return view.evaluation().subjects(subjectIds).stream().map(MapQuery::feature).toList();
    }

    static Feature feature(SubjectFigures f) {
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
            }
        }
        properties.put("zone", f.zone());
        properties.put("reports", f.reports());
        properties.put("lastObservedAt", f.lastObservedAt());
        return new Feature("Feature", Map.of("type", "Point",
                "coordinates", List.of(f.subject().lon(), f.subject().lat())), properties);
    }
}
