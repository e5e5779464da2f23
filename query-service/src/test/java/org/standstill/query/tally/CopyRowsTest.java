package org.standstill.query.tally;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.query.TestDatabase;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows appended in binary are the rows PostgreSQL makes of the same values in text, to the microsecond. */
class CopyRowsTest {

    private final DataSource dataSource = TestDatabase.get();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    @Test
    void everyValue_goesInAsItsTextWould() {
        List<Instant> instants = List.of(Instant.parse("2026-01-23T15:00:00Z"), Instant.parse("2026-01-23T15:00:00.123Z"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2026-01-23T15:00:00.000000500Z"),
                Instant.parse("2026-01-23T15:00:00.000001500Z"), Instant.parse("2026-01-23T15:00:00.000002500Z"),
                Instant.parse("2026-01-23T15:00:00.999999500Z"), Instant.parse("2026-01-23T15:00:00.123456789Z"),
                Instant.parse("2026-01-23T15:00:00.000000001Z"), Instant.parse("1969-07-20T20:17:40.000000499Z"));
        String[] texts = {"plain", "tab\there", "line\nbreak", "back\\slash", "quote'\"", "\\N", "émigré café 🚩", ""};
        jdbc.execute("DROP TABLE IF EXISTS copy_rows");
        jdbc.execute("CREATE TABLE copy_rows (n INT, at TIMESTAMPTZ, label TEXT, big BIGINT, small INT, lat FLOAT8,"
                + " yes BOOLEAN, id UUID)");
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(tx ->
                jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
                    CopyRows rows = new CopyRows();
                    for (int i = 0; i < instants.size(); i++) {
                        rows.row(8).int4(i).timestamptz(instants.get(i)).text(texts[i % texts.length])
                                .int8(Long.MIN_VALUE + i).int4(i % 3 == 0 ? null : -i).float8(44.97 + i / 7.0)
                                .bool(i % 2 == 0).uuid(new UUID(i, -i));
                    }
                    rows.row(8).int4(99).timestamptz(null).text(null).int8(0).int4(null).float8(-0.0).bool(false)
                            .uuid(null);
                    rows.into(c, "copy_rows (n, at, label, big, small, lat, yes, id)");
                    return null;
                }));

        for (int i = 0; i < instants.size(); i++) {
            Integer small = i % 3 == 0 ? null : -i;
            assertThat(jdbc.queryForObject("SELECT count(*) FROM copy_rows WHERE n = ? AND at = ?::timestamptz"
                            + " AND label = ? AND big = ? AND small IS NOT DISTINCT FROM ? AND lat = ?::float8"
                            + " AND yes = ? AND id = ?::uuid", Long.class, i, instants.get(i).toString(),
                    texts[i % texts.length], Long.MIN_VALUE + i, small, Double.toString(44.97 + i / 7.0), i % 2 == 0,
                    new UUID(i, -i).toString())).as("row %d, %s", i, instants.get(i)).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM copy_rows WHERE n = 99 AND at IS NULL AND label IS NULL"
                + " AND small IS NULL AND id IS NULL AND NOT yes", Long.class)).isEqualTo(1);
        jdbc.execute("DROP TABLE copy_rows");
    }

    @Test
    void aBatchOfManyChunks_andAValueLargerThanAChunk_goInWhole() {
        String large = "x".repeat(CopyRows.CHUNK * 2 + 3);
        int rowsWanted = 20_000; // about 40 chunks
        jdbc.execute("DROP TABLE IF EXISTS copy_chunks");
        jdbc.execute("CREATE TABLE copy_chunks (n INT, label TEXT)");
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(tx ->
                jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
                    CopyRows rows = new CopyRows();
                    for (int i = 0; i < rowsWanted; i++) {
                        rows.row(2).int4(i).text(i == rowsWanted / 2 ? large : "row " + i + " of a large batch");
                    }
                    rows.into(c, "copy_chunks (n, label)");
                    return null;
                }));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM copy_chunks", Long.class)).isEqualTo(rowsWanted);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM copy_chunks WHERE label = 'row ' || n || ' of a large batch'",
                Long.class)).isEqualTo(rowsWanted - 1);
        assertThat(jdbc.queryForObject("SELECT label FROM copy_chunks WHERE n = ?", String.class, rowsWanted / 2))
                .isEqualTo(large);
        jdbc.execute("DROP TABLE copy_chunks");
    }
}
