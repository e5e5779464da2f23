package org.standstill.command.report;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.command.config.InvalidInput;

import java.util.Optional;

/**
 * Subject ids are per kind (API.md): the first report of a subject claims its id for its kind in the day
 * ({@code subject_kind}), and a report of another kind naming that id is refused, naming the field. The claim is one
 * statement, safe with any number of command-service instances (the primary key decides between two at once).
 */
@Component
class SubjectKinds {

    private final JdbcClient jdbc;

    SubjectKinds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the submission's subject for its kind, or refuses it if the subject is of another kind. */
    void claim(String dayId, ReportRequests.Submission submission) {
        String kind = submission.kind().name();
        String held = kindOf(dayId, submission.subjectId(), kind);
        if (!held.equals(kind)) {
            throw new InvalidInput(submission.subjectField(), "names a " + held + " subject of this day, not a "
                    + kind + " one: subject ids are per kind");
        }
    }

    private String kindOf(String dayId, String subjectId, String kind) {
        Optional<String> claimed = jdbc.sql("""
                        WITH claimed AS (
                            INSERT INTO subject_kind (day_id, subject_id, kind) VALUES (:day, :subject, :kind)
                            ON CONFLICT DO NOTHING RETURNING kind)
                        SELECT kind FROM claimed
                        UNION ALL SELECT kind FROM subject_kind WHERE day_id = :day AND subject_id = :subject
                        LIMIT 1""")
                .param("day", dayId).param("subject", subjectId).param("kind", kind)
                .query(String.class).optional();
        // Claimed by a transaction that committed while this statement waited for it: read it now.
        return claimed.orElseGet(() -> jdbc.sql("SELECT kind FROM subject_kind WHERE day_id = ? AND subject_id = ?")
                .params(dayId, subjectId).query(String.class).single());
    }
}
