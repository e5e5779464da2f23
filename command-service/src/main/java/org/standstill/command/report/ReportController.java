package org.standstill.command.report;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.command.config.Checks;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.NotFound;
import org.standstill.command.config.Positions;
import org.standstill.command.day.DayLookup;
import org.standstill.command.day.DayStatus;
import org.standstill.command.report.ReportRequests.ReportRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Field reports: submitted by a REPORTER of the day or a COORDINATOR. */
@RestController
class ReportController {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration PLEDGE_WINDOW = Duration.ofDays(14);

    record Accepted(UUID reportId, String subjectId, long position) {
    }

    private final CommandGateway commands;
    private final Checks checks;
    private final DayLookup days;
    private final Positions positions;
    private final Clock clock;

    ReportController(CommandGateway commands, Checks checks, DayLookup days, Positions positions, Clock clock) {
        this.commands = commands;
        this.checks = checks;
        this.days = days;
        this.positions = positions;
        this.clock = clock;
    }

    @PostMapping("/api/days/{dayId}/reports")
    ResponseEntity<Accepted> submit(@PathVariable String dayId, @RequestBody ReportRequest request,
                                    Authentication caller) {
        DayLookup.Day day = days.find(dayId).orElseThrow(() -> new NotFound("No day of action " + dayId));
        String reporterId = reporterOf(caller, dayId);
        Checks.Errors errors = checks.of(request);
        if (request.observedAt() != null) {
            Instant observedAt = request.observedAt();
            errors.require(!observedAt.isAfter(clock.instant().plus(CLOCK_SKEW)), "observedAt",
                            "must not be more than 5 minutes in the future")
                    .require(!observedAt.isBefore(day.startsAt().minus(PLEDGE_WINDOW)), "observedAt",
                            "must not be earlier than 14 days before the day starts")
                    .require(!observedAt.isAfter(day.endsAt()), "observedAt", "must not be after the day ends");
        }
        errors.orThrow();
        if (day.status() == DayStatus.CLOSED) {
            throw new Conflict("Day " + dayId + " is CLOSED and takes no more reports");
        }
        ReportRequests.Submission submission = request.toSubmission(dayId, reporterId);
        boolean created = send(submission.command());
        Accepted accepted = new Accepted(request.reportId(), submission.subjectId(), positions.of(request.reportId().toString(), 0));
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(accepted);
    }

    /** Sends a submission; a concurrent first submission of the same report is retried once, as a repeat. */
    private boolean send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            return commands.sendAndWait(command);
        }
    }

    /** The reporter's pseudonym comes from the token, never from the body; reporters are bound to their day. */
    private static String reporterOf(Authentication caller, String dayId) {
        if (caller.getPrincipal() instanceof Jwt token && "REPORTER".equals(token.getClaimAsString("role"))
                && !dayId.equals(token.getClaimAsString("day"))) {
            throw new AccessDeniedException("This reporter token belongs to another day");
        }
        return caller.getName();
    }
}
