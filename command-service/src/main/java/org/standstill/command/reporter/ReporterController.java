package org.standstill.command.reporter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.api.reporter.EnrollReporter;
import org.standstill.api.reporter.RevokeReporter;
import org.standstill.command.config.Checks;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.NotFound;
import org.standstill.command.day.DayLookup;
import org.standstill.command.day.DayStatus;
import org.standstill.command.token.Tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How field reporters get a token and lose it: a COORDINATOR hands out invite codes, a reporter
 * joins with one (no token needed) and is known from then on only by a pseudonym, and a
 * COORDINATOR can revoke that pseudonym's token.
 */
@RestController
@Tag(name = "Reporters", description = "Invite codes, joining with one (no token needed), and revoking a reporter")
class ReporterController {

    /** Codes may outlive the day by this much, for reports sent in late from a bad connection. */
    static final Duration INVITE_GRACE = Duration.ofDays(1);

    @Schema(name = "InviteRequest", description = "How many codes, and until when they work")
    record InviteRequest(@Schema(example = "50") @NotNull @Min(1) @Max(500) Integer count,
                         @Schema(description = "In the future, and at most one day after the day ends")
                         @NotNull Instant expiresAt) {
    }

    @Schema(name = "Invites", description = "The new codes, each good for one reporter")
    record Invited(@Schema(example = "twin-cities-2026-01-23") String dayId, Instant expiresAt,
                   @Schema(example = "[\"K7M2Q9XAR4\", \"R4TZ8WPC6H\"]") List<String> codes) {
    }

    @Schema(name = "JoinRequest")
    record JoinRequest(@Schema(description = "An invite code: 2–9 and A–Z without I and O (spaces, dashes and "
            + "lower case are forgiven)", example = "K7M2Q9XAR4") @NotBlank String code) {
    }

    @Schema(name = "Joined", description = "The reporter's pseudonym and token, bound to the day")
    record Joined(@Schema(example = "r-k7m2q9xar4tz") String reporterId,
                  @Schema(description = "A REPORTER token for `Authorization: Bearer`") String token,
                  @Schema(example = "twin-cities-2026-01-23") String dayId) {
    }

    private final CommandGateway commands;
    private final Checks checks;
    private final DayLookup days;
    private final ReporterLookup reporters;
    private final Invites invites;
    private final Tokens tokens;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ReporterController(CommandGateway commands, Checks checks, DayLookup days, ReporterLookup reporters,
                       Invites invites, Tokens tokens, PlatformTransactionManager transactionManager, Clock clock) {
        this.commands = commands;
        this.checks = checks;
        this.days = days;
        this.reporters = reporters;
        this.invites = invites;
        this.tokens = tokens;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @PostMapping("/api/days/{dayId}/invites")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "inviteReporters", summary = "Issue invite codes",
            description = "COORDINATOR: 1 to 500 codes, each of which one reporter can join the day with.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = InviteRequest.class), examples = @ExampleObject(name = "fifty",
                    value = """
                            {"count": 50, "expiresAt": "2026-01-24T12:00:00Z"}
                            """))))
    @ApiResponse(responseCode = "201", description = "Issued")
    @ApiResponse(responseCode = "409", description = "The day is CLOSED (`/problems/day-closed`)")
    Invited invite(@PathVariable String dayId, @RequestBody InviteRequest request) {
        DayLookup.Day day = days.find(dayId).orElseThrow(() -> new NotFound("No day of action " + dayId));
        Checks.Errors errors = checks.of(request);
        if (request.expiresAt() != null) {
            errors.require(request.expiresAt().isAfter(clock.instant()), "expiresAt", "must be in the future")
                    .require(!request.expiresAt().isAfter(day.endsAt().plus(INVITE_GRACE)), "expiresAt",
                            "must not be later than one day after the day ends");
        }
        errors.orThrow();
        if (day.status() == DayStatus.CLOSED) {
            throw new Conflict(Conflict.DAY_CLOSED, "Day " + dayId + " is CLOSED and takes no more reporters");
        }
        return new Invited(dayId, request.expiresAt(), invites.create(dayId, request.expiresAt(), request.count()));
    }

    /**
     * Uses the code and enrolls a new pseudonym in one transaction: if enrolling fails, the code
     * still works.
     */
    @PostMapping("/api/join")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "join", summary = "Join a day with an invite code",
            description = "Anyone, without a token (one sent anyway is ignored). Each code works once. A code that "
                    + "cannot be one is a 400 saying why (its length, or the characters no code has).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = JoinRequest.class), examples = @ExampleObject(name = "code",
                    value = """
                            {"code": "K7M2Q9XAR4"}
                            """))))
    @ApiResponse(responseCode = "201", description = "Joined")
    @ApiResponse(responseCode = "404", description = "No invite with this code (`/problems/not-found`)")
    @ApiResponse(responseCode = "409", description = "The code has been used (`/problems/invite-used`) or has "
            + "expired (`/problems/invite-expired`), or the day is CLOSED (`/problems/day-closed`)")
    Joined join(@RequestBody JoinRequest request) {
        Checks.Errors errors = checks.of(request);
        String code = request.code() == null ? "" : Codes.normalize(request.code());
        if (!errors.has("code")) {
            String problem = Codes.problemWith(code);
            errors.require(problem == null, "code", problem);
        }
        errors.orThrow();
        return transactions.execute(status -> enroll(code));
    }

    private Joined enroll(String code) {
        Instant now = clock.instant();
        String dayId = invites.use(code, now).orElseThrow(() -> refusal(code));
        if (days.find(dayId).map(DayLookup.Day::status).orElse(DayStatus.CLOSED) == DayStatus.CLOSED) {
            throw new Conflict(Conflict.DAY_CLOSED, "Day " + dayId + " is CLOSED and takes no more reporters");
        }
        String reporterId = Codes.pseudonym();
        commands.sendAndWait(new EnrollReporter(reporterId, dayId));
        return new Joined(reporterId, tokens.issue("REPORTER", reporterId, null, dayId), dayId);
    }

    /** Why a code did not work: it is unknown, or it was used or expired. */
    private RuntimeException refusal(String code) {
        return invites.find(code)
                .<RuntimeException>map(invite -> invite.used()
                        ? new Conflict(Conflict.INVITE_USED, "This invite code has already been used")
                        : new Conflict(Conflict.INVITE_EXPIRED, "This invite code has expired"))
                .orElseGet(() -> new NotFound("No invite with this code"));
    }

    /** Revoking twice is answered the same, and records nothing the second time. */
    @PostMapping("/api/days/{dayId}/reporters/{reporterId}/revocation")
    @Operation(operationId = "revokeReporter", summary = "Revoke a reporter",
            description = "COORDINATOR: that reporter's token stops working at once, in both services. Revoking again "
                    + "is answered the same and records nothing.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    ResponseEntity<Void> revoke(@PathVariable String dayId, @PathVariable String reporterId) {
        if (!reporters.dayOf(reporterId).map(dayId::equals).orElse(false)) {
            throw new NotFound("No reporter " + reporterId + " on day " + dayId);
        }
        RevokeReporter command = new RevokeReporter(reporterId, dayId);
        try {
            commands.sendAndWait(command);
        } catch (ConcurrencyException e) {
            commands.sendAndWait(command); // revoked at the same moment by someone else: now a repeat
        }
        return ResponseEntity.noContent().build();
    }
}
