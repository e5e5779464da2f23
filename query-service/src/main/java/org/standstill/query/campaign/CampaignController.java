package org.standstill.query.campaign;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.NotFound;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.ViewParameters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Campaigns: many cities' days of action counted together (COORDINATOR, AUDITOR). */
@RestController
@Tag(name = "Campaigns", description = "Many cities' days of action, counted together (COORDINATOR, AUDITOR)")
class CampaignController {

    private final CampaignQuery campaigns;
    private final Clock clock;

    CampaignController(CampaignQuery campaigns, Clock clock) {
        this.campaigns = campaigns;
        this.clock = clock;
    }

    @GetMapping("/api/campaigns")
    @Operation(operationId = "listCampaigns", summary = "List the campaigns",
            description = "COORDINATOR, AUDITOR: every campaign, oldest first, with how many days belong to it now.")
    List<CampaignQuery.Campaign> list() {
        return campaigns.campaigns();
    }

    @GetMapping("/api/campaigns/{campaignId}")
    @Operation(operationId = "getCampaign", summary = "Read one campaign")
    @ApiResponse(responseCode = "200", description = "The campaign")
    @ApiResponse(responseCode = "404", description = "No such campaign")
    CampaignQuery.Campaign one(@PathVariable String campaignId) {
        return campaigns.campaign(campaignId).orElseThrow(() -> unknown(campaignId));
    }

    @GetMapping("/api/campaigns/{campaignId}/tally")
    @Operation(operationId = "getCampaignTally", summary = "Read a campaign's tally",
            description = "COORDINATOR, AUDITOR: each member day's tally at T as known at K (both now by default) "
                    + "for the days that are members as known at K, and their totals: sums, the businesses by day, "
                    + "and the peak of the summed crowd estimate (DOMAIN.md, \"Campaigns\").")
    @ApiResponse(responseCode = "200", description = "The campaign's tally")
    @ApiResponse(responseCode = "404", description = "No such campaign")
    CampaignTally tally(@PathVariable String campaignId,
                        @Parameter(description = "T: the moment the figures are of (default K)") @RequestParam(required = false) Instant at,
                        @Parameter(description = "K: as known at this moment, not in the future (default now)")
                        @RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "ALL") Mode mode) {
        Instant k = knownAt(knownAt);
        return (at == null && knownAt == null ? campaigns.live(campaignId, mode)
                : campaigns.at(campaignId, at == null ? k : at, k, mode)).orElseThrow(() -> unknown(campaignId));
    }

    @GetMapping("/api/campaigns/{campaignId}/map")
    @Operation(operationId = "getCampaignMap", summary = "Read a campaign's map",
            description = "COORDINATOR, AUDITOR: a GeoJSON FeatureCollection, one Point feature per member day at its "
                    + "city (where it was planned, else the centre of its zones; a null geometry if neither), with its "
                    + "headline figures at T as known at K.")
    @ApiResponse(responseCode = "200", description = "The campaign's map", content = @Content(
            mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/FeatureCollection")))
    @ApiResponse(responseCode = "404", description = "No such campaign")
    Map<String, Object> map(@PathVariable String campaignId, @RequestParam(required = false) Instant at,
                            @RequestParam(required = false) Instant knownAt,
                            @RequestParam(defaultValue = "ALL") Mode mode) {
        Instant k = knownAt(knownAt);
        return campaigns.map(campaignId, at == null ? k : at, k, at == null && knownAt == null, mode)
                .orElseThrow(() -> unknown(campaignId));
    }

    @GetMapping("/api/campaigns/{campaignId}/timeline")
    @Operation(operationId = "getCampaignTimeline", summary = "Read a campaign's timeline",
            description = "COORDINATOR, AUDITOR: the headline figures summed over the member days at the end of each "
                    + "bucket, from the earliest start of a member day to the latest end (or now), as known now.")
    @ApiResponse(responseCode = "200", description = "The campaign's timeline")
    @ApiResponse(responseCode = "404", description = "No such campaign")
    CampaignQuery.CampaignTimeline timeline(@PathVariable String campaignId,
                                            @Parameter(description = "An ISO-8601 duration of whole seconds, `PT1S` to `P1D`", schema = @Schema(type = "string", defaultValue = "PT15M", example = "PT15M"))
                                            @RequestParam(defaultValue = "PT15M") Duration bucket,
                                            @RequestParam(defaultValue = "ALL") Mode mode) {
        return campaigns.timeline(campaignId, ViewParameters.bucket(bucket), mode, ViewParameters.MAX_POINTS)
                .orElseThrow(() -> unknown(campaignId));
    }

    private Instant knownAt(Instant knownAt) {
        return ViewParameters.knownAt(knownAt, clock.instant());
    }

    private static NotFound unknown(String campaignId) {
        return new NotFound("No campaign " + campaignId);
    }
}
