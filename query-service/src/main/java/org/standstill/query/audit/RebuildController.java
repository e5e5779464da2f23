package org.standstill.query.audit;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.query.config.NotFound;

/** Full rebuild of the projections from the event log, with proof (ADMIN, AUDITOR). */
@RestController
class RebuildController {

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
    Projections.Report projections() {
        return projections.report();
    }

    @PostMapping("/api/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Started rebuild() {
        return new Started(rebuilds.start());
    }

    @GetMapping("/api/projections/rebuild/{jobId}")
    Rebuilds.Status status(@PathVariable String jobId) {
        return rebuilds.status(jobId).orElseThrow(() -> new NotFound("No rebuild " + jobId));
    }
}
