package org.standstill.command.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Reports", description = "Field reports and their life: submitted by a REPORTER of the day or a "
        + "COORDINATOR, corrected or retracted by their reporter or a coordinator, verified or disputed by a coordinator")
class ReportController {

    static final String CLOSURE = """
            {"reportId": "5f0c7d4e-0b7a-4d53-9a52-8f7c1b2e3a10", "kind": "CLOSURE", "observedAt": "2026-01-23T15:10:00Z",
             "business": {"name": "Hmongtown Marketplace", "location": {"lat": 44.9766, "lon": -93.1077}, "sector": "RETAIL"},
             "status": "CLOSED", "reason": "WORKER_ACTION"}
            """;
    static final String WALKOUT = """
            {"reportId": "0b3e3c1a-6f1d-4c8e-9d55-2a4f8e7b9c01", "kind": "WALKOUT", "observedAt": "2026-01-23T16:00:00Z",
             "workplace": {"name": "Hennepin Healthcare", "location": {"lat": 44.9727, "lon": -93.2617}, "sector": "HEALTHCARE"},
             "type": "SICKOUT", "participants": 40, "workforce": 120}
            """;
    static final String HEADCOUNT = """
            {"reportId": "c2d9a0f4-3b7e-4f6a-8e21-9d0c5b4a7e32", "kind": "HEADCOUNT", "observedAt": "2026-01-23T19:30:00Z",
             "rally": {"name": "Target Center rally", "location": {"lat": 44.9795, "lon": -93.2761}},
             "headcount": 50000, "method": "DENSITY_ESTIMATE"}
            """;

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration PLEDGE_WINDOW = Duration.ofDays(14);

    @Schema(name = "ReportAccepted", description = "The report, the subject it counts for, and the position in the "
            + "log of its first event")
    record Accepted(UUID reportId, @Schema(example = "b-89275268917ffff-hmongtown-marketplace") String subjectId,
                    @Schema(example = "1187") long position) {
    }

    @Schema(name = "ReportChanged", description = "The report, and the position in the log of the event that changed "
            + "it (of its latest event when nothing changed)")
    record Changed(UUID reportId, @Schema(example = "1203") long position) {
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
    @Operation(operationId = "submitReport", summary = "Submit a report",
            description = "A REPORTER of the day, or a COORDINATOR. The `reportId` is made on the device: sending the "
                    + "same report again (also after the day has closed) is answered 200 with the first answer and "
                    + "counts once. A subject `id` of another kind in that day is a 400 naming the field; observedAt "
                    + "may be at most 5 minutes in the future, at most 14 days before the day starts, not after it ends.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(description = "A report of one of the three kinds", oneOf = {
                            ReportRequests.ClosureRequest.class, ReportRequests.WalkoutRequest.class,
                            ReportRequests.HeadcountRequest.class}),
                    examples = {
                    @ExampleObject(name = "closure", summary = "A business closed by its workers", value = CLOSURE),
                    @ExampleObject(name = "walkout", summary = "A sickout at a hospital", value = WALKOUT),
                    @ExampleObject(name = "headcount", summary = "A rally's headcount", value = HEADCOUNT)})))
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "200", description = "A retry of a report stored before, with the same content: "
            + "the first answer, and nothing new is stored")
    @ApiResponse(responseCode = "409", description = "The day is CLOSED and this is not a retry "
            + "(`/problems/day-closed`), or this reportId was used with other content (`/problems/report-id-taken`)")
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
    @Operation(operationId = "correctReport", summary = "Correct a report",
            description = "Its reporter, or a COORDINATOR. Carries any of the figures of the report's kind, "
                    + "`observedAt` and `note`, and optionally a `correctionId` (an idempotency key); what it leaves "
                    + "out keeps its value. A figure of another kind is a 400 naming it.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReportRequests.CorrectionRequest.class), examples =
                    @ExampleObject(name = "headcount", summary = "One zero too many", value = """
                            {"correctionId": "7d1f0a52-8c3e-4b9a-a6f2-1e0d9c8b7a65", "headcount": 5000}
                            """))))
    @ApiResponse(responseCode = "201", description = "Stored: the report changed, and its verdict is reset to "
            + "UNREVIEWED")
    @ApiResponse(responseCode = "200", description = "Nothing changed (a retry, or the figures already stand): "
            + "nothing is stored and the verdict stands")
    @ApiResponse(responseCode = "409", description = "The day is CLOSED (`/problems/day-closed`), or the report is "
            + "retracted (`/problems/report-retracted`)")
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
    @Operation(operationId = "retractReport", summary = "Retract a report",
            description = "Its reporter, or a COORDINATOR: the report counts no more, and takes no further changes.")
    @ApiResponse(responseCode = "200", description = "Retracted")
    @ApiResponse(responseCode = "409", description = "The day is CLOSED (`/problems/day-closed`), or the report is "
            + "retracted already (`/problems/report-retracted`)")
    Changed retract(@PathVariable String dayId, @PathVariable UUID reportId, Authentication caller) {
        open(day(dayId));
        Report.Outcome outcome = commands.sendAndWait(
                new RetractReport(reportId, dayId, reporterOf(caller, dayId), isCoordinator(caller)));
        return new Changed(reportId, position(reportId, outcome.sequence()));
    }

    @PostMapping("/api/days/{dayId}/reports/{reportId}/verdict")
    @Operation(operationId = "giveVerdict", summary = "Verify or dispute a report",
            description = "COORDINATOR. VERIFIED reports are the ones the VERIFIED-mode views count.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReportRequests.VerdictRequest.class), examples =
                    @ExampleObject(name = "verified", value = """
                            {"verdict": "VERIFIED", "note": "Seen by the north desk"}
                            """))))
    @ApiResponse(responseCode = "200", description = "Recorded")
    @ApiResponse(responseCode = "409", description = "The day is CLOSED (`/problems/day-closed`), or the report is "
            + "retracted (`/problems/report-retracted`)")
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
