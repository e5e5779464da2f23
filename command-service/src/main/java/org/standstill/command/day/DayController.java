package org.standstill.command.day;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.api.day.ChooseCampaign;
import org.standstill.api.day.CloseDay;
import org.standstill.api.day.OpenDay;
import org.standstill.api.day.PlanDay;
import org.standstill.api.day.ReplaceZones;
import org.standstill.api.day.Zone;
import org.standstill.command.campaign.CampaignLookup;
import org.standstill.command.config.Checks;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.LocationRequest;
import org.standstill.command.config.NotFound;
import org.standstill.command.config.PlainText;
import org.standstill.command.config.Positions;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Planning, opening and closing days of action (COORDINATOR). */
@RestController
@Tag(name = "Days", description = "Planning, opening and closing days of action (COORDINATOR)")
class DayController {

    static final String PLAN_EXAMPLE = """
            {"id": "twin-cities-2026-01-23", "name": "Day of Truth and Freedom", "city": "Minneapolis–Saint Paul",
             "timeZone": "America/Chicago", "startsAt": "2026-01-23T12:00:00Z", "endsAt": "2026-01-24T05:59:59Z",
             "zones": {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Downtown"},
               "geometry": {"type": "Polygon", "coordinates": [[[-93.28, 44.97], [-93.25, 44.97], [-93.25, 44.99],
                 [-93.28, 44.99], [-93.28, 44.97]]]}}]}}
            """;

    static final String ZONES_EXAMPLE = """
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Downtown"},
              "geometry": {"type": "Polygon", "coordinates": [[[-93.28, 44.97], [-93.25, 44.97], [-93.25, 44.99],
                [-93.28, 44.99], [-93.28, 44.97]]]}}]}
            """;

    @Schema(name = "PlanDay", description = "A day of action to plan")
    record PlanDayRequest(@Schema(description = "The day's id, chosen by the coordinator",
                                  example = "twin-cities-2026-01-23")
                          @NotNull @Pattern(regexp = "[a-z0-9-]{3,64}", message = "must match [a-z0-9-]{3,64}") String id,
                          @Schema(example = "Day of Truth and Freedom", minLength = 1) @NotBlank @Size(max = 200) @PlainText String name,
                          @Schema(example = "Minneapolis–Saint Paul", minLength = 1) @NotBlank @Size(max = 200) @PlainText String city,
                          @Schema(description = "An IANA time zone", example = "America/Chicago") @NotBlank String timeZone,
                          @NotNull Instant startsAt,
                          @Schema(description = "After startsAt") @NotNull Instant endsAt,
                          @Schema(description = "The day's zones: a FeatureCollection of Polygon or MultiPolygon "
                                  + "features, each with a unique `properties.name` (1 to 100 characters, not "
                                  + "`unzoned`)", ref = "#/components/schemas/FeatureCollection") JsonNode zones,
                          @Schema(description = "Where the city is, for its campaign's map (optional)")
                          @Valid LocationRequest location,
                          @Schema(description = "The campaign the day joins (optional; it can be chosen while the "
                                  + "day is PLANNED)", example = "mayday-2026") String campaignId) {
    }

    @Schema(name = "ChooseCampaign", description = "The campaign a PLANNED day belongs to")
    record ChooseCampaignRequest(@Schema(description = "A campaign's id; null: the day leaves its campaign",
                                         example = "mayday-2026") String campaignId) {
    }

    /** The position of the event that did it, so a reader can tell when its views include it. */
    @Schema(name = "DayChanged", description = "The day, and the position in the log of the event that changed it")
    record Accepted(@Schema(example = "twin-cities-2026-01-23") String dayId,
                    @Schema(example = "1042") long position) {
    }

    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    static final String PLAUSIBLE = "must be between " + EARLIEST + " and " + LATEST;

    private final CommandGateway commands;
    private final Checks checks;
    private final DayLookup days;
    private final Positions positions;
    private final CampaignLookup campaigns;

    DayController(CommandGateway commands, Checks checks, DayLookup days, Positions positions,
                  CampaignLookup campaigns) {
        this.commands = commands;
        this.campaigns = campaigns;
        this.checks = checks;
        this.days = days;
        this.positions = positions;
    }

    @PostMapping("/api/days")
    @Operation(operationId = "planDay", summary = "Plan a day of action",
            description = "COORDINATOR. The day starts PLANNED; its zones can be replaced until it is opened.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = PlanDayRequest.class),
                    examples = @ExampleObject(name = "twin-cities", value = PLAN_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "Planned", headers = @Header(name = "Location",
            description = "The day's address", schema = @Schema(type = "string", example = "/api/days/twin-cities-2026-01-23")))
    @ApiResponse(responseCode = "409", description = "A day with this id exists already (`/problems/day-exists`)")
    ResponseEntity<Accepted> plan(@RequestBody PlanDayRequest request) {
        Checks.Errors errors = checks.of(request);
        if (request.timeZone() != null && !request.timeZone().isBlank()) {
            errors.require(isZoneId(request.timeZone()), "timeZone", "must be an IANA time zone such as America/Chicago");
        }
        // A day of action happens in a year people write with four digits (and a timestamp can hold).
        errors.require(request.startsAt() == null || isPlausible(request.startsAt()), "startsAt", PLAUSIBLE)
                .require(request.endsAt() == null || isPlausible(request.endsAt()), "endsAt", PLAUSIBLE);
        if (request.startsAt() != null && request.endsAt() != null) {
            errors.require(request.endsAt().isAfter(request.startsAt()), "endsAt", "must be after startsAt");
        }
        List<Zone> zones = Zones.read(request.zones(), "zones", errors);
        requireCampaign(request.campaignId(), errors);
        errors.orThrow();
        // Refused before anything is appended: an append refused by the database for its duplicate key still takes a
        // position of the log, and the gap it leaves holds every view's processed-through position below it.
        if (days.isTaken(request.id())) {
            throw new Conflict(Conflict.DAY_EXISTS, "Day " + request.id() + " already exists");
        }
        try {
            commands.sendAndWait(new PlanDay(request.id(), request.name().strip(), request.city().strip(),
                    request.timeZone(), request.startsAt(), request.endsAt(), zones,
                    request.location() == null ? null : request.location().toLocation(), request.campaignId()));
        } catch (AggregateStreamCreationException e) {
            throw new Conflict(Conflict.DAY_EXISTS, "Day " + request.id() + " already exists");
        }
        return ResponseEntity.created(URI.create("/api/days/" + request.id()))
                .body(new Accepted(request.id(), positions.of(request.id(), request.campaignId() == null ? 0 : 1)));
    }

    @PutMapping("/api/days/{dayId}/campaign")
    @Operation(operationId = "chooseCampaign", summary = "Choose a day's campaign",
            description = "COORDINATOR, while the day is PLANNED: the campaign it belongs to (`null`: none). "
                    + "Choosing the campaign it already belongs to stores nothing.")
    @ApiResponse(responseCode = "200", description = "Chosen")
    @ApiResponse(responseCode = "400", description = "No such campaign (`campaignId`)")
    @ApiResponse(responseCode = "409", description = "The day is no longer PLANNED (`/problems/day-status`)")
    Accepted chooseCampaign(@PathVariable String dayId, @RequestBody ChooseCampaignRequest request) {
        Checks.Errors errors = checks.of(request);
        requireCampaign(request.campaignId(), errors);
        existing(dayId);
        errors.orThrow();
        return accepted(dayId, commands.sendAndWait(new ChooseCampaign(dayId, request.campaignId())));
    }

    private void requireCampaign(String campaignId, Checks.Errors errors) {
        if (campaignId != null) {
            errors.require(campaigns.exists(campaignId), "campaignId", "no campaign " + campaignId
                    + " (create it first: POST /api/campaigns)");
        }
    }

    @PutMapping("/api/days/{dayId}/zones")
    @Operation(operationId = "replaceZones", summary = "Replace a day's zones",
            description = "COORDINATOR, while the day is PLANNED: the zones as a FeatureCollection of Polygon or "
                    + "MultiPolygon features, each with a unique `properties.name`.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(ref = "#/components/schemas/FeatureCollection"),
                    examples = @ExampleObject(name = "downtown", value = ZONES_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "Replaced")
    @ApiResponse(responseCode = "409", description = "The day is no longer PLANNED (`/problems/day-status`)")
    Accepted replaceZones(@PathVariable String dayId, @RequestBody JsonNode collection) {
        Checks.Errors errors = checks.of(collection);
        List<Zone> zones = Zones.read(collection, "zones", errors);
        errors.require(collection != null && !collection.isNull(), "zones", "must be a GeoJSON FeatureCollection");
        existing(dayId);
        errors.orThrow();
        return accepted(dayId, commands.sendAndWait(new ReplaceZones(dayId, zones)));
    }

    @PostMapping("/api/days/{dayId}/opening")
    @Operation(operationId = "openDay", summary = "Open a day",
            description = "COORDINATOR: PLANNED → LIVE. Reports can be sent from then on.")
    @ApiResponse(responseCode = "200", description = "Opened (the day is LIVE)")
    @ApiResponse(responseCode = "409", description = "The day is not PLANNED (`/problems/day-status`)")
    Accepted open(@PathVariable String dayId) {
        existing(dayId);
        return accepted(dayId, commands.sendAndWait(new OpenDay(dayId)));
    }

    @PostMapping("/api/days/{dayId}/closing")
    @Operation(operationId = "closeDay", summary = "Close a day",
            description = "COORDINATOR: LIVE → CLOSED. A CLOSED day takes no new reports, corrections, retractions, "
                    + "verdicts or reporters (a retried report is still answered as a retry).")
    @ApiResponse(responseCode = "200", description = "Closed")
    @ApiResponse(responseCode = "409", description = "The day is not LIVE (`/problems/day-status`)")
    Accepted close(@PathVariable String dayId) {
        existing(dayId);
        return accepted(dayId, commands.sendAndWait(new CloseDay(dayId)));
    }

    private void existing(String dayId) {
        if (days.find(dayId).isEmpty()) {
            throw new NotFound("No day of action " + dayId);
        }
    }

    private Accepted accepted(String dayId, Object sequence) {
        return new Accepted(dayId, positions.of(dayId, (Long) sequence));
    }

    private static boolean isPlausible(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private static boolean isZoneId(String id) {
        try {
            ZoneId.of(id);
            return id.contains("/") || id.equals("UTC");
        } catch (DateTimeException e) {
            return false;
        }
    }
}
