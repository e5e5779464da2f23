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
import org.standstill.api.report.GiveVerdict;
import org.standstill.api.report.RetractReport;
import org.standstill.command.config.Checks;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.NotFound;
import org.standstill.command.config.Positions;
import org.standstill.command.day.DayLookup;
import org.standstill.command.day.DayStatus;
import org.standstill.command.report.ReportRequests.CorrectionRequest;
import org.standstill.command.report.ReportRequests.ReportRequest;
import org.standstill.command.report.ReportRequests.VerdictRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Field reports and their life: submitted by a REPORTER of the day or a COORDINATOR; corrected or
 * retracted by their reporter or a coordinator; verified or disputed by a coordinator. Every answer
 * is sent once the event is committed, with the event's position in the log.
 */
@RestController
class ReportController {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration PLEDGE_WINDOW = Duration.ofDays(14);

    record Accepted(UUID reportId, String subjectId, long position) {
    }

    record Changed(UUID reportId, long position) {
    }

    private final CommandGateway commands;
    private final Checks checks;
    private final DayLookup days;
    private final Positions positions;
    private final Clock clock;
    private final SubjectKinds subjects;

    ReportController(CommandGateway commands, Checks checks, DayLookup days, Positions positions, Clock clock,
                     SubjectKinds subjects) {
        this.subjects = subjects;
        this.commands = commands;
        this.checks = checks;
        this.days = days;
        this.positions = positions;
        this.clock = clock;
    }

    @PostMapping("/api/days/{dayId}/reports")
    ResponseEntity<Accepted> submit(@PathVariable String dayId, @RequestBody ReportRequest request,
                                    Authentication caller) {
        DayLookup.Day day = day(dayId);
        String reporterId = reporterOf(caller, dayId);
        Checks.Errors errors = checks.of(request);
        request.check(errors);
        checkObservedAt(request.observedAt(), day, errors);
        errors.orThrow();
        open(day);
        ReportRequests.Submission submission = request.toSubmission(dayId, reporterId);
        subjects.claim(dayId, submission);
        Report.Outcome outcome = send(submission.command());
        Accepted accepted = new Accepted(request.reportId(), submission.subjectId(), position(request.reportId(), 0));
        return ResponseEntity.status(outcome.stored() ? HttpStatus.CREATED : HttpStatus.OK).body(accepted);
    }

    @PostMapping("/api/days/{dayId}/reports/{reportId}/corrections")
    ResponseEntity<Changed> correct(@PathVariable String dayId, @PathVariable UUID reportId,
                                    @RequestBody CorrectionRequest request, Authentication caller) {
        DayLookup.Day day = day(dayId);
        String by = reporterOf(caller, dayId);
        Checks.Errors errors = checks.of(request);
        checkObservedAt(request.observedAt(), day, errors);
        errors.orThrow();
        open(day);
        Report.Outcome outcome = commands.sendAndWait(
                request.toCommand(reportId, dayId, by, isCoordinator(caller)));
        return ResponseEntity.status(outcome.stored() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new Changed(reportId, position(reportId, outcome.sequence())));
    }

    @PostMapping("/api/days/{dayId}/reports/{reportId}/retraction")
    Changed retract(@PathVariable String dayId, @PathVariable UUID reportId, Authentication caller) {
        open(day(dayId));
        Report.Outcome outcome = commands.sendAndWait(
                new RetractReport(reportId, dayId, reporterOf(caller, dayId), isCoordinator(caller)));
        return new Changed(reportId, position(reportId, outcome.sequence()));
    }

    @PostMapping("/api/days/{dayId}/reports/{reportId}/verdict")
    Changed verdict(@PathVariable String dayId, @PathVariable UUID reportId, @RequestBody VerdictRequest request,
                    Authentication caller) {
        DayLookup.Day day = day(dayId);
        checks.of(request).orThrow();
        open(day);
        Report.Outcome outcome = commands.sendAndWait(
                new GiveVerdict(reportId, dayId, request.verdict(), request.note(), caller.getName()));
        return new Changed(reportId, position(reportId, outcome.sequence()));
    }

    private DayLookup.Day day(String dayId) {
        return days.find(dayId).orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    /** A CLOSED day takes no new reports, corrections, retractions or verdicts. */
    private static void open(DayLookup.Day day) {
        if (day.status() == DayStatus.CLOSED) {
            throw new Conflict(Conflict.DAY_CLOSED, "Day " + day.dayId() + " is CLOSED and takes no more changes");
        }
    }

    private void checkObservedAt(Instant observedAt, DayLookup.Day day, Checks.Errors errors) {
        if (observedAt != null) {
            errors.require(!observedAt.isAfter(clock.instant().plus(CLOCK_SKEW)), "observedAt",
                            "must not be more than 5 minutes in the future")
                    .require(!observedAt.isBefore(day.startsAt().minus(PLEDGE_WINDOW)), "observedAt",
                            "must not be earlier than 14 days before the day starts")
                    .require(!observedAt.isAfter(day.endsAt()), "observedAt", "must not be after the day ends");
        }
    }

    /** Sends a submission; a concurrent first submission of the same report is retried once, as a repeat. */
    private Report.Outcome send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            return commands.sendAndWait(command);
        }
    }

    private long position(UUID reportId, long sequence) {
        return positions.of(reportId.toString(), sequence);
    }

    private static boolean isCoordinator(Authentication caller) {
        return caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_COORDINATOR")
                || a.getAuthority().equals("ROLE_ADMIN"));
    }

    /** The caller's pseudonym comes from the token, never from the body; reporters are bound to their day. */
    private static String reporterOf(Authentication caller, String dayId) {
        if (caller.getPrincipal() instanceof Jwt token && "REPORTER".equals(token.getClaimAsString("role"))
                && !dayId.equals(token.getClaimAsString("day"))) {
            throw new AccessDeniedException("This reporter token belongs to another day");
        }
        return caller.getName();
    }
}
