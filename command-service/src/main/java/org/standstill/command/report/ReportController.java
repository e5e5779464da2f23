package org.standstill.command.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
import org.standstill.command.config.InvalidInput;
import org.standstill.command.config.NotFound;
import org.standstill.command.config.Positions;
import org.standstill.command.config.Problems;
import org.standstill.command.day.DayLookup;
import org.standstill.command.report.ReportRequests.CorrectionRequest;
import org.standstill.command.report.ReportRequests.ReportRequest;
import org.standstill.command.report.ReportRequests.VerdictRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The most reports a batch may hold. */
    static final int MAX_BATCH = 500;

    @Schema(name = "ReportAccepted", description = "The report, the subject it counts for, and the position in the "
            + "log of its first event")
    record Accepted(UUID reportId, @Schema(example = "b-89275268917ffff-hmongtown-marketplace") String subjectId,
                    @Schema(example = "1187") long position) {
    }

    @Schema(name = "ReportBatch", description = "Up to 500 report bodies, each as `POST /api/days/{dayId}/reports` takes it")
    record BatchRequest(@Schema(description = "1 to 500 report bodies") List<JsonNode> reports) {
    }

    /** One report's answer in a batch: its status, and the body its own call would have answered. */
    @Schema(name = "ReportBatchResult", description = "One report's answer, as its own call would answer it: its "
            + "status, and its subject and position when stored or repeated (201, 200), or its problem (400, 409)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchResult(UUID reportId, @Schema(example = "201") int status, String subjectId, Long position,
                       @Schema(ref = "#/components/schemas/ProblemDetail") Map<String, Object> problem) {
    }

    @Schema(name = "ReportBatchAnswer", description = "One result per report, in the order sent")
    record BatchAnswer(List<BatchResult> results) {
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
    private final ReportIntake intake;
    private final JsonMapper json;

    ReportController(CommandGateway commands, Checks checks, DayLookup days, Positions positions, Clock clock,
                     ReportIntake intake, JsonMapper json) {
        this.commands = commands;
        this.checks = checks;
        this.days = days;
        this.positions = positions;
        this.clock = clock;
        this.intake = intake;
        this.json = json;
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
        ReportIntake.Answer answer = intake.take(dayId, reporterOf(caller, dayId), List.of(ReportIntake.Item.of(request)))
                .get(0);
        if (answer.refusal() != null) {
            throw answer.refusal();
        }
        return ResponseEntity.status(answer.stored() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new Accepted(answer.reportId(), answer.subjectId(), answer.position()));
    }

    /**
     * Up to {@value #MAX_BATCH} reports at once (a phone flushing its outbox, an import): each answered as its own
     * call would answer it, all stored in one transaction, the answer sent once it committed.
     */
    @PostMapping("/api/days/{dayId}/report-batches")
    @Operation(operationId = "submitReportBatch", summary = "Submit a batch of reports",
            description = "A REPORTER of the day, or a COORDINATOR (a phone flushing its outbox, a bot, an import). "
                    + "Each of up to 500 reports is answered exactly as `POST /api/days/{dayId}/reports` would answer "
                    + "it (201, 200, 400 or 409, with its problem); a bad report never holds up the others. Every "
                    + "stored report is stored in one transaction, and the answer is sent once it committed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    examples = @ExampleObject(name = "batch", summary = "Two reports a phone kept while offline",
                            value = "{\"reports\": [" + CLOSURE + ", " + HEADCOUNT + "]}"))))
    @ApiResponse(responseCode = "200", description = "Each report's answer, in order")
    BatchAnswer submitBatch(@PathVariable String dayId, @RequestBody BatchRequest request, Authentication caller) {
        String reporterId = reporterOf(caller, dayId);
        List<JsonNode> reports = request.reports();
        Checks.Errors errors = new Checks.Errors();
        errors.require(reports != null, "reports", "must be an array of report bodies");
        if (reports != null) {
            errors.require(!reports.isEmpty() && reports.size() <= MAX_BATCH, "reports",
                    "must hold 1 to " + MAX_BATCH + " reports");
        }
        errors.orThrow();
        List<ReportIntake.Item> items = new ArrayList<>(reports.size());
        for (JsonNode report : reports) {
            items.add(read(report));
        }
        List<BatchResult> results = new ArrayList<>(items.size());
        for (ReportIntake.Answer answer : intake.take(dayId, reporterId, items)) {
            results.add(answer.refusal() != null
                    ? new BatchResult(answer.reportId(), answer.status(), null, null, problem(dayId, answer.refusal()))
                    : new BatchResult(answer.reportId(), answer.status(), answer.subjectId(), answer.position(), null));
        }
        return new BatchAnswer(results);
    }

    /** A report of a batch as its own call's body would be read; one that cannot be is refused as that call would be. */
    private ReportIntake.Item read(JsonNode report) {
        UUID reportId = null;
        if (report != null && report.path("reportId").isString()) {
            try {
                reportId = UUID.fromString(report.path("reportId").asString());
            } catch (IllegalArgumentException e) {
                // named by the refusal below
            }
        }
        try {
            if (report == null || !report.isObject()) {
                throw new InvalidInput("body", "the request body is missing or is not valid JSON");
            }
            ReportRequest request = json.treeToValue(report, ReportRequest.class);
            return new ReportIntake.Item(reportId, request, null);
        } catch (JacksonException e) {
            return new ReportIntake.Item(reportId, null, new InvalidInput(List.of(Problems.unreadable(e))));
        } catch (InvalidInput e) {
            return new ReportIntake.Item(reportId, null, e);
        }
    }

    /** A refusal's problem, as the report's own call would carry it. */
    private static Map<String, Object> problem(String dayId, RuntimeException refusal) {
        ProblemDetail problem = Problems.of(refusal).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", "/api/days/" + dayId + "/reports");
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
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
        day(dayId);
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
        Report.Outcome outcome = commands.sendAndWait(
                new GiveVerdict(reportId, dayId, request.verdict(), request.note(), caller.getName()));
        return new Changed(reportId, position(reportId, outcome.sequence()));
    }

    private DayLookup.Day day(String dayId) {
        return days.find(dayId).orElseThrow(() -> new NotFound("No day of action " + dayId));
    }

    private void checkObservedAt(Instant observedAt, DayLookup.Day day, Checks.Errors errors) {
        ReportIntake.checkObservedAt(observedAt, day, errors, clock);
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
