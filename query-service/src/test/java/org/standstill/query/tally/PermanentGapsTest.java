package org.standstill.query.tally;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.standstill.query.TestDatabase;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gaps of the global index on a real PostgreSQL: one left by a rolled-back insert (or by sequence values a crash
 * skipped) is known to be permanent once its transaction has ended, so views are no longer held back by it; one whose
 * insert is still in flight never is, however old, and neither is one whose event has committed since.
 */
class PermanentGapsTest {

    private final DataSource dataSource = TestDatabase.get();
    private final AtomicLong now = new AtomicLong();
    private final PermanentGaps gaps = new PermanentGaps(JdbcClient.create(dataSource), now::get);

    @BeforeEach
    void eventTable() throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement()) {
            // The command service's event table, as far as gaps go (the query service's tests have no event store).
            sql.execute("CREATE TABLE IF NOT EXISTS domainevententry (globalindex BIGSERIAL PRIMARY KEY, note TEXT)");
        }
    }

    @Test
    void aRolledBackInsert_leavesAGapThatIsPermanent_onceItsTransactionHasEnded() throws SQLException {
        long lost;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lost = insert(holder);
            insertCommitted();
            holder.rollback();
        }
        TreeSet<Long> token = new TreeSet<>(java.util.List.of(lost));

        assertThat(gaps.firstOpen(token)).as("just seen: still open").isEqualTo(lost);
        settle();
        assertThat(gaps.firstOpen(token)).as("settled: its holders are noted").isEqualTo(lost);
        assertThat(gaps.firstOpen(token)).as("every holder has ended and the index is not in the table").isNull();
        assertThat(gaps.firstOpen(token)).as("and stays so").isNull();
    }

    @Test
    void manyGapsAtOnce_asACrashLeavesThem_areDecidedTogether_notOneAfterAnother() throws SQLException {
        TreeSet<Long> token = new TreeSet<>();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            for (int i = 0; i < 32; i++) {
                token.add(insert(holder));
            }
            insertCommitted();
            holder.rollback();
        }

        gaps.firstOpen(token);
        settle();
        gaps.firstOpen(token);
        assertThat(gaps.firstOpen(token)).as("all 32, on the third look as for one").isNull();
    }

    @Test
    void aGapWhoseInsertIsInFlight_staysOpen_andSoDoesItOnceCommitted() throws SQLException {
        long pending;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            pending = insert(holder);
            long later = insertCommitted();
            TreeSet<Long> token = new TreeSet<>(java.util.List.of(pending));

            gaps.firstOpen(token);
            settle();
            gaps.firstOpen(token);
            now.addAndGet(60_000_000_000L);
            assertThat(gaps.firstOpen(token)).as("its transaction is still running, however long").isEqualTo(pending);

            holder.commit();
            assertThat(gaps.firstOpen(token)).as("committed: the processor applies it, nothing skips it")
                    .isEqualTo(pending);
            assertThat(gaps.firstOpen(new TreeSet<>(java.util.List.of(pending, later + 1))))
                    .as("the lowest open gap").isEqualTo(pending);
        }
    }

    @Test
    void onlyTheGapsBelowTheFirstOpenOne_areSkipped() throws SQLException {
        long lost;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lost = insert(holder);
            insertCommitted();
            holder.rollback();
        }
        gaps.firstOpen(new TreeSet<>(java.util.List.of(lost)));
        settle();
        gaps.firstOpen(new TreeSet<>(java.util.List.of(lost)));
        long young = insertCommitted() + 1000;

        assertThat(gaps.firstOpen(new TreeSet<>(java.util.List.of(lost, young))))
                .as("the permanent one is passed, the one just seen holds").isEqualTo(young);
    }

    private void settle() {
        now.addAndGet(PermanentGaps.SETTLE.toNanos() + 1);
    }

    private long insertCommitted() throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            return insert(db);
        }
    }

    private static long insert(Connection db) throws SQLException {
        try (Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("INSERT INTO domainevententry (note) VALUES ('x') RETURNING globalindex")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
