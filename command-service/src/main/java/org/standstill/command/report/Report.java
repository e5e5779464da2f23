package org.standstill.command.report;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.report.ClosureCorrected;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.ClosureReason;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.CorrectReport;
import org.standstill.api.report.HeadcountMethod;
import org.standstill.api.report.WalkoutType;
import org.standstill.api.report.GiveVerdict;
import org.standstill.api.report.HeadcountCorrected;
import org.standstill.api.report.HeadcountReported;
import org.standstill.api.report.EraseNote;
import org.standstill.api.report.NoteErased;
import org.standstill.api.report.ReportRetracted;
import org.standstill.api.report.RetractReport;
import org.standstill.api.report.SubmitClosure;
import org.standstill.api.report.SubmitHeadcount;
import org.standstill.api.report.SubmitWalkout;
import org.standstill.api.report.VerdictGiven;
import org.standstill.api.report.WalkoutCorrected;
import org.standstill.api.report.WalkoutReported;
import org.standstill.command.config.Checks;
import org.standstill.command.config.Conflict;
import org.standstill.command.config.Forbidden;
import org.standstill.command.config.NotFound;
import org.standstill.command.day.DayGate;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One field report (id = reportId, the client's idempotency key): submitted, corrected any number
 * of times, given verdicts, and perhaps retracted (final). Reports never contend with each other;
 * subjects are read-side groupings. Handlers answer the sequence number of the report's latest event
 * and whether they stored a new one. New content holds its day open through the {@link DayGate} (a CLOSED day
 * refuses it); a repeat is answered before, so a retry is answered as a retry even after the day closed.
 *
 * <p>Its note is stored only sealed with the report's own key ({@link ReportNotes}), kept outside the log, so that a
 * coordinator can erase it for good ({@link EraseNote}) while the log stays as appended. Whether a repeated submission
 * or a correction changes the note is decided on the note's text, opened with that key, never on the sealed text
 * (which differs each time it is sealed). Once erased, a report takes no new note.
 */
@Aggregate
class Report {

    /** What a handler did: {@code stored} is false when the command repeated what was already there. */
    record Outcome(long sequence, boolean stored) {
    }

    enum Kind { CLOSURE, WALKOUT, HEADCOUNT }

    /** What an erasure did, and whether the note is still in the log in plaintext (events stored before sealing). */
    record Erasure(long sequence, boolean stored, boolean noteInLog) {
    }

    /** The parts of a report a correction may change besides its note: observedAt and the figures of its kind (others null). */
    private record State(Instant observedAt, ClosureStatus status, ClosureReason reason,
                         WalkoutType type, Integer participants, Integer workforce, Integer headcount,
                         HeadcountMethod method) {
    }

    /** A note as an event stores it: in plaintext (only events stored before notes were sealed) or sealed. */
    private record Note(String plain, String sealed) {
        static final Note NONE = new Note(null, null);

        boolean present() {
            return plain != null || sealed != null;
        }
    }

    @AggregateIdentifier
    private UUID reportId;
    private String dayId;
    private Kind kind;
    private String reporterId;
    /** The submitted event without its note, and its note: a repeat is the same submission if both are the same. */
    private Object submission;
    private Note submittedNote;
    private State state;
    private Note note;
    private boolean noteErased;
    private long erasedAt;
    private boolean plaintextInLog;
    private boolean retracted;
    private final Set<UUID> corrections = new HashSet<>();

    Report() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Outcome handle(SubmitClosure c, ReportNotes notes, DayGate day) {
        return submit(c.reportId(), c.dayId(), c.note(), notes, day, sealed -> new ClosureReported(c.reportId(), c.dayId(),
                c.reporterId(), c.subjectId(), c.observedAt(), c.business(), c.status(), c.reason(), null, sealed));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Outcome handle(SubmitWalkout c, ReportNotes notes, DayGate day) {
        return submit(c.reportId(), c.dayId(), c.note(), notes, day, sealed -> new WalkoutReported(c.reportId(), c.dayId(),
                c.reporterId(), c.subjectId(), c.observedAt(), c.workplace(), c.type(), c.participants(), c.workforce(),
                null, sealed));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Outcome handle(SubmitHeadcount c, ReportNotes notes, DayGate day) {
        return submit(c.reportId(), c.dayId(), c.note(), notes, day, sealed -> new HeadcountReported(c.reportId(), c.dayId(),
                c.reporterId(), c.subjectId(), c.observedAt(), c.rally(), c.headcount(), c.method(), null, sealed));
    }

    /**
     * Submitting is idempotent: the same content again changes nothing; other content is refused. The note is
     * compared as text; once erased it can no longer be, and a repeat that carries a note where the first did is
     * taken as the same (the phone whose first answer was lost learns that its report counts).
     *
     * @param event the event of this submission with the given sealed note (null: none)
     */
    private Outcome submit(UUID reportId, String dayId, String text, ReportNotes notes, DayGate day,
                           Function<String, Object> event) {
        if (submission == null) {
            day.holdOpen(dayId);
            apply(event.apply(text == null ? null : notes.seal(reportId, text)));
            return new Outcome(getVersion(), true);
        }
        if (submission.equals(event.apply(null)) && sameNote(submittedNote, text, notes)) {
            return new Outcome(getVersion(), false);
        }
        throw new Conflict(Conflict.REPORT_ID_TAKEN, "Report " + reportId + " was already submitted with other content");
    }

    /** Whether the stored note is this text: compared as text, opened with the report's key while it has one. */
    private boolean sameNote(Note stored, String text, ReportNotes notes) {
        if (!stored.present() || text == null) {
            return !stored.present() && text == null;
        }
        if (stored.plain() != null) {
            return stored.plain().equals(text);
        }
        return noteErased || notes.open(reportId, stored.sealed()).map(text::equals).orElse(true);
    }

    @CommandHandler
    Outcome handle(CorrectReport c, ReportNotes notes, DayGate day) {
        mayChange(c.dayId(), c.correctedBy(), c.coordinator());
        if (c.correctionId() != null && corrections.contains(c.correctionId())) {
            return new Outcome(getVersion(), false);
        }
        if (c.note() != null && noteErased) {
            throw new Conflict(Conflict.NOTE_ERASED, "Report " + reportId + "'s note was erased; it takes no new note");
        }
        // What the correction does not carry keeps its current value (API.md).
        Instant observedAt = c.observedAt() != null ? c.observedAt() : state.observedAt();
        Checks.Errors errors = new Checks.Errors();
        Function<Note, Object> corrected = switch (kind) {
            case CLOSURE -> {
                onlyFiguresOf(c, errors, c.type(), c.participants(), c.workforce(), c.headcount(), c.method());
                ClosureStatus status = or(c.status(), state.status());
                ClosureReason reason = or(c.reason(), state.reason());
                yield n -> new ClosureCorrected(reportId, dayId, c.correctionId(), c.correctedBy(), observedAt,
                        status, reason, n.plain(), n.sealed());
            }
            case WALKOUT -> {
                int participants = or(c.participants(), state.participants());
                Integer workforce = or(c.workforce(), state.workforce());
                errors.require(workforce == null || workforce >= participants,
                        c.workforce() != null ? "workforce" : "participants",
                        "leaves a workforce (" + workforce + ") smaller than the participants (" + participants + ")");
                onlyFiguresOf(c, errors, c.status(), c.reason(), c.headcount(), c.method());
                WalkoutType type = or(c.type(), state.type());
                yield n -> new WalkoutCorrected(reportId, dayId, c.correctionId(), c.correctedBy(), observedAt,
                        type, participants, workforce, n.plain(), n.sealed());
            }
            case HEADCOUNT -> {
                onlyFiguresOf(c, errors, c.status(), c.reason(), c.type(), c.participants(), c.workforce());
                int headcount = or(c.headcount(), state.headcount());
                HeadcountMethod method = or(c.method(), state.method());
                yield n -> new HeadcountCorrected(reportId, dayId, c.correctionId(), c.correctedBy(), observedAt,
                        headcount, method, n.plain(), n.sealed());
            }
        };
        errors.orThrow();
        boolean noteChanged = c.note() != null && !sameNote(note, c.note(), notes);
        if (!noteChanged && stateAfter(corrected.apply(Note.NONE)).equals(state)) {
            return new Outcome(getVersion(), false); // nothing would change, not even the verdict
        }
        day.holdOpen(dayId);
        // A note kept is carried as it is stored, or sealed now if it is still in plaintext: never plaintext again.
        String text = noteChanged ? c.note() : note.plain();
        apply(corrected.apply(text != null ? new Note(null, notes.seal(reportId, text)) : note));
        return new Outcome(getVersion(), true);
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }

    /** Figures of another kind in a correction are refused by name. */
    private void onlyFiguresOf(CorrectReport c, Checks.Errors errors, Object... foreign) {
        String[] names = switch (kind) {
            case CLOSURE -> new String[]{"type", "participants", "workforce", "headcount", "method"};
            case WALKOUT -> new String[]{"status", "reason", "headcount", "method"};
            case HEADCOUNT -> new String[]{"status", "reason", "type", "participants", "workforce"};
        };
        for (int i = 0; i < foreign.length; i++) {
            errors.require(foreign[i] == null, names[i], "is not a figure of a " + kind + " report");
        }
    }

    @CommandHandler
    Outcome handle(RetractReport c, DayGate day) {
        mayChange(c.dayId(), c.retractedBy(), c.coordinator());
        day.holdOpen(dayId);
        apply(new ReportRetracted(reportId, dayId, c.retractedBy()));
        return new Outcome(getVersion(), true);
    }

    @CommandHandler
    Outcome handle(GiveVerdict c, DayGate day) {
        belongsTo(c.dayId());
        notRetracted();
        day.holdOpen(dayId);
        apply(new VerdictGiven(reportId, dayId, c.verdict(), c.note(), c.givenBy()));
        return new Outcome(getVersion(), true);
    }

    /**
     * Erases the note for good: deletes the report's key (in this command's transaction) and records that it did. A
     * retracted report's note may be erased too; erasing again changes nothing and answers the erasure.
     */
    @CommandHandler
    Erasure handle(EraseNote c, ReportNotes notes) {
        belongsTo(c.dayId());
        if (noteErased) {
            return new Erasure(erasedAt, false, plaintextInLog);
        }
        notes.erase(reportId);
        apply(new NoteErased(reportId, dayId, c.erasedBy()));
        return new Erasure(getVersion(), true, plaintextInLog);
    }

    private void mayChange(String dayId, String caller, boolean coordinator) {
        belongsTo(dayId);
        if (!coordinator && !caller.equals(reporterId)) {
            throw new Forbidden("Only the report's reporter or a coordinator may change it");
        }
        notRetracted();
    }

    private void belongsTo(String dayId) {
        if (!this.dayId.equals(dayId)) {
            throw new NotFound("No report " + reportId + " in day " + dayId);
        }
    }

    private void notRetracted() {
        if (retracted) {
            throw new Conflict(Conflict.REPORT_RETRACTED, "Report " + reportId + " is retracted and takes no further changes");
        }
    }

    @EventSourcingHandler
    void on(ClosureReported e) {
        created(new ClosureReported(e.reportId(), e.dayId(), e.reporterId(), e.subjectId(), e.observedAt(),
                e.business(), e.status(), e.reason(), null, null), e.reportId(), e.dayId(), Kind.CLOSURE,
                e.reporterId(), new Note(e.note(), e.sealedNote()));
        state = new State(e.observedAt(), e.status(), e.reason(), null, null, null, null, null);
    }

    @EventSourcingHandler
    void on(WalkoutReported e) {
        created(new WalkoutReported(e.reportId(), e.dayId(), e.reporterId(), e.subjectId(), e.observedAt(),
                e.workplace(), e.type(), e.participants(), e.workforce(), null, null), e.reportId(), e.dayId(),
                Kind.WALKOUT, e.reporterId(), new Note(e.note(), e.sealedNote()));
        state = new State(e.observedAt(), null, null, e.type(), e.participants(), e.workforce(), null, null);
    }

    @EventSourcingHandler
    void on(HeadcountReported e) {
        created(new HeadcountReported(e.reportId(), e.dayId(), e.reporterId(), e.subjectId(), e.observedAt(),
                e.rally(), e.headcount(), e.method(), null, null), e.reportId(), e.dayId(), Kind.HEADCOUNT,
                e.reporterId(), new Note(e.note(), e.sealedNote()));
        state = new State(e.observedAt(), null, null, null, null, null, e.headcount(), e.method());
    }

    private void created(Object withoutNote, UUID reportId, String dayId, Kind kind, String reporterId, Note note) {
        this.reportId = reportId;
        this.dayId = dayId;
        this.kind = kind;
        this.reporterId = reporterId;
        this.submission = withoutNote;
        this.submittedNote = note;
        noted(note);
    }

    /** The note an event stores is the report's note from now on. */
    private void noted(Note note) {
        this.note = note;
        plaintextInLog |= note.plain() != null;
    }

    @EventSourcingHandler
    void on(ClosureCorrected e) {
        corrected(e, e.correctionId(), new Note(e.note(), e.sealedNote()));
    }

    @EventSourcingHandler
    void on(WalkoutCorrected e) {
        corrected(e, e.correctionId(), new Note(e.note(), e.sealedNote()));
    }

    @EventSourcingHandler
    void on(HeadcountCorrected e) {
        corrected(e, e.correctionId(), new Note(e.note(), e.sealedNote()));
    }

    private void corrected(Object event, UUID correctionId, Note note) {
        state = stateAfter(event);
        noted(note);
        if (correctionId != null) {
            corrections.add(correctionId);
        }
    }

    @EventSourcingHandler
    void on(ReportRetracted e) {
        retracted = true;
    }

    @EventSourcingHandler
    void on(NoteErased e, @SequenceNumber long sequence) {
        noteErased = true;
        erasedAt = sequence;
        note = Note.NONE;
    }

    private static State stateAfter(Object correction) {
        if (correction instanceof ClosureCorrected e) {
            return new State(e.observedAt(), e.status(), e.reason(), null, null, null, null, null);
        }
        if (correction instanceof WalkoutCorrected e) {
            return new State(e.observedAt(), null, null, e.type(), e.participants(), e.workforce(), null, null);
        }
        HeadcountCorrected e = (HeadcountCorrected) correction;
        return new State(e.observedAt(), null, null, null, null, null, e.headcount(), e.method());
    }
}
