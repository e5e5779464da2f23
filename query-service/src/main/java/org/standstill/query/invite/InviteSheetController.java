package org.standstill.query.invite;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.standstill.query.config.InvalidParameters;
import org.standstill.query.config.StandstillProperties;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The printable invite sheet (COORDINATOR): for the codes just issued, the link that joins with each one and its QR
 * code, at the public address ({@code STANDSTILL_PUBLIC_URL}) or, when none is set, the address the coordinator's
 * browser used. Nothing is stored: the codes are only drawn.
 */
@RestController
@Tag(name = "Reporters", description = "What reporters and their invites need: the printable invite sheet, a "
        + "reporter's own reports")
class InviteSheetController {

    static final int MAX_CODES = 500;

    @Schema(description = "1 to 500 invite codes")
    record SheetRequest(@Schema(example = "[\"K7M2Q9XAR4\", \"R4TZ8WPC6H\"]") List<String> codes) {
    }

    record Invite(String code, String link, QrCodes.Qr qr) {
    }

    /** {@code publicUrl}: whether the links use the configured public address (else this request's). */
    record Sheet(String joinUrl, boolean publicUrl, List<Invite> invites) {
    }

    private final StandstillProperties properties;

    InviteSheetController(StandstillProperties properties) {
        this.properties = properties;
    }

    @PostMapping("/api/invite-sheet")
    @Operation(operationId = "inviteSheet", summary = "Make the printable invite sheet",
            description = "COORDINATOR: each code's join link (at STANDSTILL_PUBLIC_URL, else the address of this "
                    + "request) and its QR code.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = SheetRequest.class), examples = @ExampleObject(name = "two",
                    value = "{\"codes\": [\"K7M2Q9XAR4\", \"R4TZ8WPC6H\"]}"))))
    @ApiResponse(responseCode = "200", description = "The sheet")
    Sheet sheet(@RequestBody SheetRequest body, HttpServletRequest request) {
        List<String> codes = checked(body == null ? null : body.codes());
        String base = properties.publicUrl() != null ? properties.publicUrl()
                : ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
        String joinUrl = base.replaceAll("/+$", "") + "/report.html";
        List<Invite> invites = new ArrayList<>(codes.size());
        for (String code : codes) {
            String link = joinUrl + "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8);
            invites.add(new Invite(code, link, QrCodes.draw(link)));
        }
        return new Sheet(joinUrl, properties.publicUrl() != null, invites);
    }

    /** 1 to 500 codes of letters and digits (as issued), or a 400 naming every bad one. */
    private static List<String> checked(List<String> codes) {
        if (codes == null || codes.isEmpty() || codes.size() > MAX_CODES) {
            throw new InvalidParameters(List.of(new InvalidParameters.Problem("codes",
                    "must list 1 to " + MAX_CODES + " invite codes")));
        }
        List<InvalidParameters.Problem> problems = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code == null || !code.matches("[A-Za-z0-9]{1,64}")) {
                problems.add(new InvalidParameters.Problem("codes[" + i + "]",
                        "must be an invite code: 1 to 64 letters and digits"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParameters(problems);
        }
        return codes;
    }
}
