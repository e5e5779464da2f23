package org.standstill.command.config;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.junit.jupiter.api.Test;
import org.standstill.command.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What PostgreSQL answers a second insert of the same key, as the event store sees it. */
class DuplicateKeysTest {

    private final PersistenceExceptionResolver resolver = new AxonConfig().persistenceExceptionResolver();

    @Test
    void postgresqlsUniqueViolation_isADuplicateKey_evenWrapped() throws Exception {
        SQLException duplicate = failure("INSERT INTO dup VALUES (1)");

        assertThat(resolver.isDuplicateKeyViolation(duplicate)).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("appending failed", duplicate))).isTrue();
    }

    @Test
    void otherFailures_areNotDuplicateKeys() throws Exception {
        assertThat(resolver.isDuplicateKeyViolation(failure("INSERT INTO dup VALUES (NULL)"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(failure("SELECT * FROM no_such_table"))).isFalse();
    }

    /** The exception of {@code sql} run after a table {@code dup} with the key 1 is made. */
    private static SQLException failure(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE dup (id INT PRIMARY KEY)");
            s.execute("INSERT INTO dup VALUES (1)");
            return catchThrowableOfType(SQLException.class, () -> s.execute(sql));
        }
    }
}
