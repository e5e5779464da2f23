package org.standstill.command.campaign;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.api.campaign.CreateCampaign;
import org.standstill.command.config.Checks;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.PlainText;
import org.standstill.command.config.Positions;
import org.standstill.command.day.DayLookup;

import java.net.URI;

/** Creating campaigns (COORDINATOR): days of action in many cities join one to be counted together. */
@RestController
@Tag(name = "Campaigns", description = "Many cities' days of action, counted together (COORDINATOR)")
class CampaignController {

    @Schema(name = "CreateCampaign", description = "A campaign to create")
    record CreateCampaignRequest(@Schema(example = "mayday-2026")
                                 @NotNull @Pattern(regexp = "[a-z0-9-]{3,64}", message = "must match [a-z0-9-]{3,64}") String id,
                                 @Schema(example = "May Day 2026: national strike", minLength = 1)
                                 @NotBlank @Size(max = 200) @PlainText String name) {
    }

    @Schema(name = "CampaignCreated", description = "The campaign, and the position in the log of its creation")
    record Created(@Schema(example = "mayday-2026") String campaignId, @Schema(example = "1042") long position) {
    }

    private final CommandGateway commands;
    private final Checks checks;
    private final DayLookup days;
    private final Positions positions;

    CampaignController(CommandGateway commands, Checks checks, DayLookup days, Positions positions) {
        this.commands = commands;
        this.checks = checks;
        this.days = days;
        this.positions = positions;
    }

    @PostMapping("/api/campaigns")
    @Operation(operationId = "createCampaign", summary = "Create a campaign",
            description = "COORDINATOR. Days join it when planned (`campaignId`) or while PLANNED "
                    + "(`PUT /api/days/{dayId}/campaign`).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = CreateCampaignRequest.class),
                    examples = @ExampleObject(name = "mayday", value = """
                            {"id": "mayday-2026", "name": "May Day 2026: national strike"}"""))))
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "409", description = "The id is taken, by a campaign or a day (`/problems/campaign-exists`)")
    ResponseEntity<Created> create(@RequestBody CreateCampaignRequest request) {
        checks.of(request).orThrow();
        // Refused before anything is appended, as a day's planning is (a refused append leaves a gap in the log).
        if (days.isTaken(request.id())) {
            throw new Conflict(Conflict.CAMPAIGN_EXISTS, "The id " + request.id() + " is taken");
        }
        try {
            commands.sendAndWait(new CreateCampaign(request.id(), request.name().strip()));
        } catch (AggregateStreamCreationException e) {
            throw new Conflict(Conflict.CAMPAIGN_EXISTS, "The id " + request.id() + " is taken");
        }
        return ResponseEntity.created(URI.create("/api/campaigns/" + request.id()))
                .body(new Created(request.id(), positions.of(request.id(), 0)));
    }
}
