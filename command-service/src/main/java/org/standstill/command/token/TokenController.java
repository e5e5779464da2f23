package org.standstill.command.token;

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
class TokenController {

    enum StaffRole { COORDINATOR, AUDITOR }

    record IssueToken(@NotNull StaffRole role, @NotBlank @Size(max = 100) @PlainText String label) {
    }

    record IssuedToken(String token, UUID tokenId) {
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
    IssuedToken issue(@RequestBody IssueToken request) {
        checks.of(request).orThrow();
        String pseudonym = request.role().name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        UUID tokenId = UUID.randomUUID();
        return new IssuedToken(tokens.issue(request.role().name(), pseudonym, request.label(), null, tokenId), tokenId);
    }

    /** Revoking twice is answered the same. A token id that was never issued is revoked all the same (204). */
    @PostMapping("/api/tokens/{tokenId}/revocation")
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
