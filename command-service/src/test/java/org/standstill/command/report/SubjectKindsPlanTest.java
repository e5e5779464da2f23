package org.standstill.command.report;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.standstill.command.TestDatabase;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How PostgreSQL runs a subject's claim on the service's own connections once a day holds many subjects, when the
 * statement was prepared (and run the five times after which PostgreSQL may keep one generic plan for it) while the
 * day was empty — as on every day's first reports — and the table's statistics were taken before the day began. The
 * claim must probe its subject's key, never read the day's subjects one by one: a cost that grows with the day, not
 * with the report.
 */
@SpringBootTest(properties = {
        "standstill.token-secret=subject-kinds-plan-tests-secret-of-at-least-32-bytes",
        "standstill.admin-token=subject-kinds-plan-tests-admin-token"})
class SubjectKindsPlanTest {

    static final String DAY = "plan-2026-05-01";
    static final String OTHER_DAY = "plan-2026-01-23";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Test
    void aClaimPreparedOnAnEmptyDay_probesItsSubjectsKey_onceTheDayHoldsThousandsOfSubjects_withStaleStatistics(
            @Autowired DataSource dataSource) throws SQLException {
        String claim = SubjectKinds.CLAIM.replace(":subjects", "$1").replace(":kinds", "$2").replace(":order", "$3")
                .replace(":day", "$4");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("DELETE FROM subject_kind WHERE day_id IN ('" + DAY + "', '" + OTHER_DAY + "')");
            // Statistics taken while another day held all the subjects: the new day's look like none.
            s.execute("INSERT INTO subject_kind (day_id, subject_id, kind) SELECT '" + OTHER_DAY + "', '" + OTHER_DAY
                    + ":business:shop-' || g, 'CLOSURE' FROM generate_series(1, 20000) g");
            s.execute("ANALYZE subject_kind");
            s.execute("PREPARE claim (text[], text[], int[], text) AS " + claim);
            for (int i = 0; i < 8; i++) {
                s.execute("EXECUTE claim ('{" + DAY + ":business:early-" + i + "}', '{CLOSURE}', '{0}', '" + DAY + "')");
            }
            s.execute("INSERT INTO subject_kind (day_id, subject_id, kind) SELECT '" + DAY + "', '" + DAY
                    + ":business:shop-' || g, 'CLOSURE' FROM generate_series(1, 20000) g");

            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE claim ('{" + DAY + ":business:shop-7}', '{CLOSURE}', "
                    + "'{0}', '" + DAY + "')")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            c.rollback();
            s.execute("DEALLOCATE claim"); // the connection goes back to the pool
            String text = String.join("\n", plan);
            assertThat(text).as("the claim's plan").contains("Index Scan using subject_kind_pkey")
                    .containsPattern("Index Cond: .*day_id.*subject_id")
                    .doesNotContain("Seq Scan on subject_kind").doesNotContain("Bitmap Heap Scan on subject_kind");
        }
    }
}
