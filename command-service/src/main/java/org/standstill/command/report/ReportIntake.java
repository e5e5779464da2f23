package org.standstill.command.report;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.command.config.Checks;
import org.standstill.command.config.InvalidInput;
import org.standstill.command.config.NotFound;
import org.standstill.command.config.Problems;
import org.standstill.command.day.DayLookup;
import org.standstill.command.report.ReportRequests.ReportRequest;
import org.standstill.command.report.ReportRequests.Submission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Takes submitted reports — one, or a batch of them — and answers each as API.md says: 201 stored, 200 a repeat of
 * the same content (even after the day closed), 400 bad input, 409 its reportId taken by other content or its day
 * CLOSED. All of a call's reports are decided in one unit of work, on one connection and in one transaction: the day
 * read, the subjects claimed (one statement), each report's aggregate deciding, every stored event appended (one
 * multi-row statement), and the positions read (one statement); the answer comes once that transaction committed. A
 * refused report stores nothing and does not hold up the others. If another instance stored one of the reports at
 * the same moment, the commit fails as a whole and each report is taken again on its own, where that one is a repeat.
 */
@Component
class ReportIntake {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration PLEDGE_WINDOW = Duration.ofDays(14);

    /** A report of a call, as read from its body: the request, or why it could not be read. */
    record Item(UUID reportId, ReportRequest request, RuntimeException unreadable) {

        static Item of(ReportRequest request) {
            return new Item(request.reportId(), request, null);
        }
    }

    /** How one report is answered: stored (201) or repeated (200) with its subject and position, or refused. */
    record Answer(UUID reportId, boolean stored, String subjectId, long position, RuntimeException refusal) {

        int status() {
            return refusal != null ? Problems.of(refusal).orElseThrow().getStatus() : stored ? 201 : 200;
        }
    }

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final Checks checks;
    private final DayLookup days;
    private final SubjectKinds subjects;
    private final JdbcClient jdbc;
    private final Clock clock;

    ReportIntake(CommandGateway commands, TransactionManager transactions, Checks checks, DayLookup days,
                 SubjectKinds subjects, JdbcClient jdbc, Clock clock) {
        this.commands = commands;
        this.transactions = transactions;
        this.checks = checks;
        this.days = days;
        this.subjects = subjects;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Each report's answer, in order. An unknown day is a {@link NotFound} for the whole call. */
    List<Answer> take(String dayId, String reporterId, List<Item> items) {
        try {
            return inOneTransaction(dayId, reporterId, items);
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            List<Answer> answers = new ArrayList<>(items.size());
            for (Item item : items) {
                answers.add(alone(dayId, reporterId, item));
            }
            return answers;
        }
    }

    /** One report in a transaction of its own; if it was stored elsewhere meanwhile, it is taken again as a repeat. */
    private Answer alone(String dayId, String reporterId, Item item) {
        try {
            return inOneTransaction(dayId, reporterId, List.of(item)).get(0);
        } catch (AggregateStreamCreationException | ConcurrencyException e) {
            return inOneTransaction(dayId, reporterId, List.of(item)).get(0);
        }
    }

    private List<Answer> inOneTransaction(String dayId, String reporterId, List<Item> items) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage(dayId));
        try {
            unitOfWork.attachTransaction(transactions);
            List<Answer> answers = decide(dayId, reporterId, items);
            List<Answer> positioned = new ArrayList<>(answers);
            // After the events are appended (the event bus appends in this phase, registered before this), in the same
            // transaction: the positions the stored and repeated submissions have in the log.
            unitOfWork.onPrepareCommit(u -> position(positioned));
            unitOfWork.commit();
            return positioned;
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }

    private List<Answer> decide(String dayId, String reporterId, List<Item> items) {
        DayLookup.Day day = days.held(dayId).orElseThrow(() -> new NotFound("No day of action " + dayId));
        Answer[] answers = new Answer[items.size()];
        List<Integer> valid = new ArrayList<>();
        List<Submission> submissions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            ReportRequest request = item.request();
            try {
                if (item.unreadable() != null) {
                    throw item.unreadable();
                }
                Checks.Errors errors = checks.of(request);
                request.check(errors);
                checkObservedAt(request.observedAt(), day, errors, clock);
                errors.orThrow();
                submissions.add(request.toSubmission(dayId, reporterId));
                valid.add(i);
            } catch (RuntimeException e) {
                answers[i] = refused(item.reportId(), e);
            }
        }
        List<InvalidInput> crossings = submissions.isEmpty() ? List.of() : subjects.claim(dayId, submissions);
        for (int k = 0; k < submissions.size(); k++) {
            Submission submission = submissions.get(k);
            UUID reportId = items.get(valid.get(k)).reportId();
            try {
                if (crossings.get(k) != null) {
                    throw crossings.get(k);
                }
                Report.Outcome outcome = commands.sendAndWait(submission.command());
                answers[valid.get(k)] = new Answer(reportId, outcome.stored(), submission.subjectId(), 0, null);
            } catch (RuntimeException e) {
                answers[valid.get(k)] = refused(reportId, e);
            }
        }
        return List.of(answers);
    }

    private static Answer refused(UUID reportId, RuntimeException refusal) {
        if (Problems.of(refusal).isEmpty()) {
            throw refusal; // not the report's fault: the whole call fails, and nothing of it is stored
        }
        return new Answer(reportId, false, null, 0, refusal);
    }

    static void checkObservedAt(Instant observedAt, DayLookup.Day day, Checks.Errors errors, Clock clock) {
        if (observedAt != null) {
            errors.require(!observedAt.isAfter(clock.instant().plus(CLOCK_SKEW)), "observedAt",
                            "must not be more than 5 minutes in the future")
                    .require(!observedAt.isBefore(day.startsAt().minus(PLEDGE_WINDOW)), "observedAt",
                            "must not be earlier than 14 days before the day starts")
                    .require(!observedAt.isAfter(day.endsAt()), "observedAt", "must not be after the day ends");
        }
    }

    /** Fills in each taken report's position: that of its submission, the report's first event. */
    private void position(List<Answer> answers) {
        List<String> ids = new ArrayList<>();
        for (Answer answer : answers) {
            if (answer.refusal() == null) {
                ids.add(answer.reportId().toString());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Map<String, Long> positions = new HashMap<>();
        jdbc.sql("""
                        SELECT aggregateidentifier, globalindex FROM domainevententry
                        WHERE aggregateidentifier = ANY(?::varchar[]) AND sequencenumber = 0""")
                .param(ids.toArray(String[]::new))
                .query((rs, row) -> positions.put(rs.getString(1), rs.getLong(2))).list();
        answers.replaceAll(a -> a.refusal() != null ? a
                : new Answer(a.reportId(), a.stored(), a.subjectId(), positions.get(a.reportId().toString()), null));
    }
}
