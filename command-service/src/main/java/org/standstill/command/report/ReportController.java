package org.standstill.command.report;

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
class ReportController {

    /** The most reports a batch may hold. */
    static final int MAX_BATCH = 500;

    record Accepted(UUID reportId, String subjectId, long position) {
    }

    record BatchRequest(List<JsonNode> reports) {
    }

    /** One report's answer in a batch: its status, and the body its own call would have answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchResult(UUID reportId, int status, String subjectId, Long position, Map<String, Object> problem) {
    }

    record BatchAnswer(List<BatchResult> results) {
    }

    record Changed(UUID reportId, long position) {
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
    Changed retract(@PathVariable String dayId, @PathVariable UUID reportId, Authentication caller) {
        day(dayId);
        Report.Outcome outcome = commands.sendAndWait(
                new RetractReport(reportId, dayId, reporterOf(caller, dayId), isCoordinator(caller)));
        return new Changed(reportId, position(reportId, outcome.sequence()));
    }

    @PostMapping("/api/days/{dayId}/reports/{reportId}/verdict")
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
