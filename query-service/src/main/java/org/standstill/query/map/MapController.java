package org.standstill.query.map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.config.NotFound;
import org.standstill.query.tally.TallyRules.Mode;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;

/** The map of a day at T as known at K, both now by default (COORDINATOR, AUDITOR). */
@RestController
@Tag(name = "Reading")
class MapController {

    private final MapQuery maps;
    private final Clock clock;
    private final JsonMapper json;

    MapController(MapQuery maps, Clock clock, JsonMapper json) {
        this.maps = maps;
        this.clock = clock;
        this.json = json;
    }

    @Operation(operationId = "getMap", summary = "Read the map",
            description = "COORDINATOR, AUDITOR: one Point feature per subject at T as known at K (both now by "
                    + "default). `properties`: `kind, subjectId, name, sector?, zone, reports, lastObservedAt`, and per "
                    + "kind `status` (closures), `participants, type` (walkouts), `estimate, low, high, reporters, "
                    + "methods, flags, outliers` (rallies). As `application/geo+json`, or `application/json` when "
                    + "asked for.")
    @ApiResponse(responseCode = "200", description = "The map", content = {
            @Content(mediaType = "application/geo+json", schema = @Schema(ref = "#/components/schemas/FeatureCollection")),
            @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/FeatureCollection"))})
    @GetMapping(value = "/api/days/{dayId}/map", produces = {"application/geo+json", "application/json"})
    ResponseEntity<StreamingResponseBody> map(@PathVariable String dayId, @Parameter(description = "T: the moment the map is of (default K)") @RequestParam(required = false) Instant at,
                                              @Parameter(description = "K: as known at this moment, not in the future (default now)") @RequestParam(required = false) Instant knownAt,
                                              @RequestParam(defaultValue = "ALL") Mode mode,
                                              @Parameter(hidden = true) @RequestHeader(value = "Accept", required = false) String accept) {
        Instant now = clock.instant();
        if (knownAt != null && knownAt.isAfter(now)) {
            throw new InvalidParameter("knownAt", "must not be in the future: what will be known then is not known yet");
        }
        Instant k = knownAt == null ? now : knownAt;
        MapQuery.FeatureCollection map = maps.map(dayId, at == null ? k : at, k, at == null && knownAt == null, mode)
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
        MediaType type = accept != null && accept.contains("application/json") && !accept.contains("geo+json")
                ? MediaType.APPLICATION_JSON : MediaType.parseMediaType("application/geo+json");
        return ResponseEntity.ok().contentType(type).body(out -> map.write(out, json));
    }
}
