package org.standstill.command.token;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.standstill.command.config.InvalidInput;
import org.standstill.command.config.PlainText;
import org.standstill.platform.RevokedTokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.command.config.Checks;

import java.util.UUID;

/** ADMIN issues COORDINATOR and AUDITOR tokens, and revokes them: in force in both services at once. */
@RestController
@Tag(name = "Tokens", description = "Staff tokens: an ADMIN issues COORDINATOR and AUDITOR tokens, and revokes them")
class TokenController {

    enum StaffRole { COORDINATOR, AUDITOR }

    @Schema(name = "IssueToken")
    record IssueToken(@NotNull StaffRole role,
                      @Schema(description = "Who or what the token is for", example = "north desk")
                      @NotBlank @Size(max = 100) @PlainText String label) {
    }

    @Schema(name = "IssuedToken", description = "The token, and its id to revoke it by")
    record IssuedToken(@Schema(description = "A JWT for `Authorization: Bearer`, valid 30 days") String token,
                       UUID tokenId) {
    }

    private final Checks checks;
    private final Tokens tokens;
    private final RevokedTokens revoked;

    TokenController(Checks checks, Tokens tokens, RevokedTokens revoked) {
        this.checks = checks;
        this.tokens = tokens;
        this.revoked = revoked;
    }

    @PostMapping("/api/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "issueToken", summary = "Issue a staff token",
            description = "ADMIN: a COORDINATOR or AUDITOR token.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = IssueToken.class), examples = @ExampleObject(name = "coordinator",
                    value = """
                            {"role": "COORDINATOR", "label": "north desk"}
                            """))))
    @ApiResponse(responseCode = "201", description = "Issued")
    IssuedToken issue(@RequestBody IssueToken request) {
        checks.of(request).orThrow();
        String pseudonym = request.role().name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        UUID tokenId = UUID.randomUUID();
        return new IssuedToken(tokens.issue(request.role().name(), pseudonym, request.label(), null, tokenId), tokenId);
    }

    /** Revoking twice is answered the same. A token id that was never issued is revoked all the same (204). */
    @PostMapping("/api/tokens/{tokenId}/revocation")
    @Operation(operationId = "revokeToken", summary = "Revoke a staff token",
            description = "ADMIN: the token stops working in both services at once. Revoking again, or a tokenId "
                    + "never issued, is answered the same.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "400", description = "The tokenId is not a UUID; `errors` names it")
    ResponseEntity<Void> revoke(@PathVariable String tokenId) {
        UUID id;
        try {
            id = UUID.fromString(tokenId);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("tokenId", "must be the tokenId of an issued token (a UUID)");
        }
        revoked.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
