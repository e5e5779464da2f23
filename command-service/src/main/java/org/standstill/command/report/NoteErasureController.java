package org.standstill.command.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.standstill.api.report.EraseNote;
import org.standstill.command.config.NotFound;
import org.standstill.command.config.Positions;
import org.standstill.command.day.DayLookup;

import java.util.UUID;

/**
 * A coordinator erases a report's note for good (personal data, DOMAIN.md): the report's key is deleted and the
 * erasure recorded as an event, in one transaction. Allowed on a day in any status — a request to erase personal data
 * mostly comes after the day, and erasing changes no figure — and on a retracted report. Erasing again answers the
 * same erasure.
 */
@RestController
@Tag(name = "Reports")
class NoteErasureController {

    /**
     * @param position  the position of the event that recorded the erasure
     * @param noteInLog whether the report's events also carry a note in plaintext (stored before notes were sealed):
     *                  every view shows it as erased, but the event log keeps it, and only those events show it
     */
    @Schema(name = "NoteErasure", description = "The report, the position of the event that recorded the erasure, and "
            + "whether older events of the report still carry its note in plaintext")
    record Erased(UUID reportId, @Schema(example = "1342") long position, boolean noteInLog) {
    }

    private final CommandGateway commands;
    private final DayLookup days;
    private final Positions positions;

    NoteErasureController(CommandGateway commands, DayLookup days, Positions positions) {
        this.commands = commands;
        this.days = days;
        this.positions = positions;
    }

    @PostMapping("/api/days/{dayId}/reports/{reportId}/note-erasure")
    @Operation(operationId = "eraseNote", summary = "Erase a report's note for good",
            description = "A COORDINATOR. The report's key is deleted and the erasure recorded as an event, so every "
                    + "view, export and history shows the note as erased while the log and its hash chains stay as "
                    + "they were. Allowed on a day in any status and on a retracted report; erasing again answers "
                    + "the same erasure.")
    @ApiResponse(responseCode = "200", description = "Erased (or erased before: the same answer)")
    Erased erase(@PathVariable String dayId, @PathVariable UUID reportId, Authentication caller) {
        days.find(dayId).orElseThrow(() -> new NotFound("No day of action " + dayId));
        EraseNote command = new EraseNote(reportId, dayId, caller.getName());
        Report.Erasure erasure;
        try {
            erasure = commands.sendAndWait(command);
        } catch (ConcurrencyException e) {
            erasure = commands.sendAndWait(command); // a change of the report at the same moment: decide again after it
        }
        return new Erased(reportId, positions.of(reportId.toString(), erasure.sequence()), erasure.noteInLog());
    }
}
