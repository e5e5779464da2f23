package org.standstill.command.token;

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

/** ADMIN issues COORDINATOR and AUDITOR tokens. */
@RestController
class TokenController {

    enum StaffRole { COORDINATOR, AUDITOR }

    record IssueToken(@NotNull StaffRole role, @NotBlank @Size(max = 100) String label) {
    }

    record IssuedToken(String token) {
    }

    private final Checks checks;
    private final Tokens tokens;

    TokenController(Checks checks, Tokens tokens) {
        this.checks = checks;
        this.tokens = tokens;
    }

    @PostMapping("/api/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedToken issue(@RequestBody IssueToken request) {
        checks.of(request).orThrow();
        String pseudonym = request.role().name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new IssuedToken(tokens.issue(request.role().name(), pseudonym, request.label(), null));
    }
}
