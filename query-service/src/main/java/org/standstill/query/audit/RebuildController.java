package org.standstill.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.NotFound;

/** Full rebuild of the projections from the event log, with proof (ADMIN, AUDITOR). */
@RestController
@Tag(name = "Projections", description = "The projections' health, and rebuilding them from the log (ADMIN, AUDITOR)")
class RebuildController {

    @Schema(name = "RebuildStarted")
    record Started(String jobId) {
    }

    private final Rebuilds rebuilds;
    private final Projections projections;

    RebuildController(Rebuilds rebuilds, Projections projections) {
        this.rebuilds = rebuilds;
        this.projections = projections;
    }

    /** The projection processors of this instance: how far each has come, and what halts it. */
    @GetMapping("/api/projections")
    @Operation(operationId = "getProjections", summary = "Read the projections' health",
            description = "ADMIN, AUDITOR: each processor's segments, how far they have come, and the error that "
                    + "halts one.")
    @ApiResponse(responseCode = "200", description = "The processors")
    Projections.Report projections() {
        return projections.report();
    }

    @PostMapping("/api/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "startRebuild", summary = "Rebuild the projections",
            description = "ADMIN, AUDITOR: replays the whole log into fresh tables while the live ones stay readable, "
                    + "then compares every table's digest. Follow it with `GET /api/projections/rebuild/{jobId}` or "
                    + "STOMP `/topic/rebuilds/{jobId}`.")
    @ApiResponse(responseCode = "202", description = "Started")
    @ApiResponse(responseCode = "409", description = "Another rebuild is running (`/problems/conflict`)")
    Started rebuild() {
        return new Started(rebuilds.start());
    }

    @GetMapping("/api/projections/rebuild/{jobId}")
    @Operation(operationId = "getRebuild", summary = "Read a rebuild's progress",
            description = "ADMIN, AUDITOR: events done, total, rate and time left; at the end whether the digests "
                    + "were equal, and the rows that differed.")
    @ApiResponse(responseCode = "200", description = "The rebuild")
    Rebuilds.Status status(@PathVariable String jobId) {
        return rebuilds.status(jobId).orElseThrow(() -> new NotFound("No rebuild " + jobId));
    }
}
