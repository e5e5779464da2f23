package org.standstill.command.report;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.command.config.InvalidInput;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Subject ids are per kind (API.md): the first report of a subject claims its id for its kind in the day
 * ({@code subject_kind}), and a report of another kind naming that id is refused, naming the field. The claims of a
 * call are one statement, safe with any number of command-service instances (the primary key decides between two at
 * once); within a call, the earlier report claims first.
 */
@Component
class SubjectKinds {

    /**
     * Claims {@code :subjects} (of {@code :kinds}, in {@code :order}) in {@code :day}: each subject's kind, whether
     * claimed now or before, as this statement's snapshot shows them. Those claimed before are read subject by subject
     * (a subquery per subject, which the planner cannot turn into a join): as a join, statistics taken before the day
     * began made the planner read all of the day's subjects for each claim (12,073 blocks for a batch of 100 on a day
     * of some 30,000 subjects, 0.67 s of PostgreSQL's time).
     */
    static final String CLAIM = """
            WITH wanted AS (SELECT * FROM unnest(:subjects::text[], :kinds::text[], :order::int[]) AS w(s, k, i)),
            claimed AS (
                INSERT INTO subject_kind (day_id, subject_id, kind)
                SELECT :day, s, k FROM wanted ORDER BY s, i
                ON CONFLICT DO NOTHING RETURNING subject_id, kind)
            SELECT subject_id, kind FROM claimed
            UNION ALL SELECT s, kind FROM (
                SELECT s, (SELECT kind FROM subject_kind WHERE day_id = :day AND subject_id = s) AS kind
                FROM (SELECT DISTINCT s FROM wanted) w) held
            WHERE kind IS NOT NULL""";

    private final JdbcClient jdbc;

    SubjectKinds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims each submission's subject for its kind: for each, in order, null if the subject is of its kind, or the
     * refusal naming its subject field. In the caller's transaction, so a refused batch leaves no claim behind.
     */
    List<InvalidInput> claim(String dayId, List<ReportRequests.Submission> submissions) {
        Map<String, String> kinds = kindsOf(dayId, submissions);
        List<InvalidInput> refusals = new ArrayList<>(submissions.size());
        for (ReportRequests.Submission submission : submissions) {
            String kind = submission.kind().name();
            String held = kinds.get(submission.subjectId());
            refusals.add(held.equals(kind) ? null : new InvalidInput(submission.subjectField(), "names a " + held
                    + " subject of this day, not a " + kind + " one: subject ids are per kind"));
        }
        return refusals;
    }

    private Map<String, String> kindsOf(String dayId, List<ReportRequests.Submission> submissions) {
        int n = submissions.size();
        String[] subjects = new String[n];
        String[] kinds = new String[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            subjects[i] = submissions.get(i).subjectId();
            kinds[i] = submissions.get(i).kind().name();
            order[i] = i;
        }
        Map<String, String> held = new HashMap<>();
        // Rows claimed now, and rows claimed before as this statement's snapshot shows them; sorted, so that two calls
        // claiming the same new subjects wait for each other rather than deadlock.
        jdbc.sql(CLAIM).param("day", dayId).param("subjects", subjects).param("kinds", kinds).param("order", order)
                .query((rs, row) -> held.put(rs.getString(1), rs.getString(2))).list();
        List<String> unseen = new ArrayList<>();
        for (String subject : subjects) {
            if (!held.containsKey(subject)) {
                unseen.add(subject);
            }
        }
        if (!unseen.isEmpty()) {
            // Claimed by a transaction that committed while the statement above waited for it: read them now.
            jdbc.sql("SELECT subject_id, kind FROM subject_kind WHERE day_id = :day AND subject_id = ANY(:subjects::text[])")
                    .param("day", dayId).param("subjects", unseen.toArray(String[]::new))
                    .query((rs, row) -> held.put(rs.getString(1), rs.getString(2))).list();
        }
        return held;
    }
}
