package org.standstill.command.report;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.DayEvent;
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

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One field report (id = reportId, the client's idempotency key): submitted, corrected any number
 * of times, given verdicts, and perhaps retracted (final). Reports never contend with each other;
 * subjects are read-side groupings. Handlers answer the sequence number of the report's latest event
 * and whether they stored a new one. New content holds its day open through the {@link DayGate} (a CLOSED day
 * refuses it); a repeat is answered before, so a retry is answered as a retry even after the day closed.
 */
@Aggregate
class Report {

    /** What a handler did: {@code stored} is false when the command repeated what was already there. */
    record Outcome(long sequence, boolean stored) {
    }

    enum Kind { CLOSURE, WALKOUT, HEADCOUNT }

    /** The parts of a report a correction may change: observedAt, note, and the figures of its kind (others null). */
    private record State(Instant observedAt, String note, ClosureStatus status, ClosureReason reason,
                         WalkoutType type, Integer participants, Integer workforce, Integer headcount,
                         HeadcountMethod method) {
    }

    @AggregateIdentifier
    private UUID reportId;
    private String dayId;
    private Kind kind;
    private String reporterId;
    private Object submission;
    private State state;
    private boolean retracted;
    private final Set<UUID> corrections = new HashSet<>();

    Report() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Outcome handle(SubmitClosure c, DayGate day) {
        return submit(day, new ClosureReported(c.reportId(), c.dayId(), c.reporterId(), c.subjectId(), c.observedAt(),
                c.business(), c.status(), c.reason(), c.note()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Outcome handle(SubmitWalkout c, DayGate day) {
        return submit(day, new WalkoutReported(c.reportId(), c.dayId(), c.reporterId(), c.subjectId(), c.observedAt(),
                c.workplace(), c.type(), c.participants(), c.workforce(), c.note()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Outcome handle(SubmitHeadcount c, DayGate day) {
        return submit(day, new HeadcountReported(c.reportId(), c.dayId(), c.reporterId(), c.subjectId(), c.observedAt(),
                c.rally(), c.headcount(), c.method(), c.note()));
    }

    /** Submitting is idempotent: the same content again changes nothing; other content is refused. */
    private Outcome submit(DayGate day, DayEvent event) {
        if (submission == null) {
            day.holdOpen(event.dayId());
            apply(event);
            return new Outcome(getVersion(), true);
        }
        if (submission.equals(event)) {
            return new Outcome(getVersion(), false);
        }
        throw new Conflict(Conflict.REPORT_ID_TAKEN, "Report " + reportId + " was already submitted with other content");
    }

    @CommandHandler
    Outcome handle(CorrectReport c, DayGate day) {
        mayChange(c.dayId(), c.correctedBy(), c.coordinator());
        if (c.correctionId() != null && corrections.contains(c.correctionId())) {
            return new Outcome(getVersion(), false);
        }
        // What the correction does not carry keeps its current value (API.md).
        Instant observedAt = c.observedAt() != null ? c.observedAt() : state.observedAt();
        String note = c.note() != null ? c.note() : state.note();
        Checks.Errors errors = new Checks.Errors();
        Object corrected = switch (kind) {
            case CLOSURE -> {
                onlyFiguresOf(c, errors, c.type(), c.participants(), c.workforce(), c.headcount(), c.method());
                yield new ClosureCorrected(reportId, dayId, c.correctionId(), c.correctedBy(), observedAt,
                        or(c.status(), state.status()), or(c.reason(), state.reason()), note);
            }
            case WALKOUT -> {
                int participants = or(c.participants(), state.participants());
                Integer workforce = or(c.workforce(), state.workforce());
                errors.require(workforce == null || workforce >= participants,
                        c.workforce() != null ? "workforce" : "participants",
                        "leaves a workforce (" + workforce + ") smaller than the participants (" + participants + ")");
                onlyFiguresOf(c, errors, c.status(), c.reason(), c.headcount(), c.method());
                yield new WalkoutCorrected(reportId, dayId, c.correctionId(), c.correctedBy(), observedAt,
                        or(c.type(), state.type()), participants, workforce, note);
            }
            case HEADCOUNT -> {
                onlyFiguresOf(c, errors, c.status(), c.reason(), c.type(), c.participants(), c.workforce());
                yield new HeadcountCorrected(reportId, dayId, c.correctionId(), c.correctedBy(), observedAt,
                        or(c.headcount(), state.headcount()), or(c.method(), state.method()), note);
            }
        };
        errors.orThrow();
        if (stateAfter(corrected).equals(state)) {
            return new Outcome(getVersion(), false); // nothing would change, not even the verdict
        }
        day.holdOpen(dayId);
        apply(corrected);
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
        created(e, e.reportId(), e.dayId(), Kind.CLOSURE, e.reporterId());
        state = new State(e.observedAt(), e.note(), e.status(), e.reason(), null, null, null, null, null);
    }

    @EventSourcingHandler
    void on(WalkoutReported e) {
        created(e, e.reportId(), e.dayId(), Kind.WALKOUT, e.reporterId());
        state = new State(e.observedAt(), e.note(), null, null, e.type(), e.participants(), e.workforce(), null, null);
    }

    @EventSourcingHandler
    void on(HeadcountReported e) {
        created(e, e.reportId(), e.dayId(), Kind.HEADCOUNT, e.reporterId());
        state = new State(e.observedAt(), e.note(), null, null, null, null, null, e.headcount(), e.method());
    }

    private void created(Object event, UUID reportId, String dayId, Kind kind, String reporterId) {
        this.reportId = reportId;
        this.dayId = dayId;
        this.kind = kind;
        this.reporterId = reporterId;
        this.submission = event;
    }

    @EventSourcingHandler
    void on(ClosureCorrected e) {
        corrected(e, e.correctionId());
    }

    @EventSourcingHandler
    void on(WalkoutCorrected e) {
        corrected(e, e.correctionId());
    }

    @EventSourcingHandler
    void on(HeadcountCorrected e) {
        corrected(e, e.correctionId());
    }

    private void corrected(Object event, UUID correctionId) {
        state = stateAfter(event);
        if (correctionId != null) {
            corrections.add(correctionId);
        }
    }

    @EventSourcingHandler
    void on(ReportRetracted e) {
        retracted = true;
    }

    private static State stateAfter(Object correction) {
        if (correction instanceof ClosureCorrected e) {
            return new State(e.observedAt(), e.note(), e.status(), e.reason(), null, null, null, null, null);
        }
        if (correction instanceof WalkoutCorrected e) {
            return new State(e.observedAt(), e.note(), null, null, e.type(), e.participants(), e.workforce(), null,
                    null);
        }
        HeadcountCorrected e = (HeadcountCorrected) correction;
        return new State(e.observedAt(), e.note(), null, null, null, null, null, e.headcount(), e.method());
    }
}
