package org.standstill.command.report;

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
class NoteErasureController {

    /**
     * @param position  the position of the event that recorded the erasure
     * @param noteInLog whether the report's events also carry a note in plaintext (stored before notes were sealed):
     *                  every view shows it as erased, but the event log keeps it, and only those events show it
     */
    record Erased(UUID reportId, long position, boolean noteInLog) {
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
