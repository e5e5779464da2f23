package org.standstill.query.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.standstill.query.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digests a rebuild compares tables by, on a real PostgreSQL: equal for the same rows in any order and in any
 * physical layout; different when a row is lost, added or changed in any one column, even to or from NULL.
 */
class DigestsTest {

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.get());
    private final Digests digests = new Digests(jdbc);

    @BeforeEach
    void twoEqualTables() {
        jdbc.sql("DROP SCHEMA IF EXISTS digests CASCADE").update();
        jdbc.sql("CREATE SCHEMA digests").update();
        jdbc.sql("""
                CREATE TABLE digests.a (id BIGINT PRIMARY KEY, name TEXT, at TIMESTAMPTZ NOT NULL, lat FLOAT8,
                    zones JSONB, done BOOLEAN NOT NULL, report UUID)""").update();
        jdbc.sql("""
                INSERT INTO digests.a SELECT g, 'name ' || g, timestamptz '2026-01-23 12:00Z' + g * interval '1 s',
                    44.9 + g / 1000.0, jsonb_build_object('zone', g % 7), g % 2 = 0,
                    md5(g::text)::uuid FROM generate_series(1, 5000) g""").update();
        // The same rows, written in another order and left with dead rows between them.
        jdbc.sql("CREATE UNLOGGED TABLE digests.b (LIKE digests.a INCLUDING ALL)").update();
        jdbc.sql("INSERT INTO digests.b SELECT * FROM digests.a ORDER BY id DESC").update();
        jdbc.sql("UPDATE digests.b SET name = name WHERE id % 3 = 0").update();
    }

    @Test
    void theSameRows_inAnotherOrderAndLayout_haveTheSameDigest() {
        assertThat(digest("b")).isEqualTo(digest("a"));
    }

    @Test
    void aLostRow_changesTheDigest() {
        jdbc.sql("DELETE FROM digests.b WHERE id = 2500").update();
        assertThat(digest("b")).isNotEqualTo(digest("a"));
    }

    @Test
    void anAddedRow_changesTheDigest() {
        jdbc.sql("INSERT INTO digests.b SELECT 5001, name, at, lat, zones, done, report FROM digests.a WHERE id = 1")
                .update();
        assertThat(digest("b")).isNotEqualTo(digest("a"));
    }

    @Test
    void aRowChangedInAnyColumn_changesTheDigest() {
        String equal = digest("a");
        for (String change : new String[]{"id = 9999", "name = 'name 7 '", "name = NULL",
                "at = at + interval '1 microsecond'", "lat = lat + 1e-9", "lat = NULL", "zones = '{\"zone\": 1}'",
                "zones = '{}'", "done = NOT done", "report = md5('x')::uuid"}) {
            jdbc.sql("UPDATE digests.b SET " + change + " WHERE id = 7").update();
            assertThat(digest("b")).as(change).isNotEqualTo(equal);
            jdbc.sql("DELETE FROM digests.b WHERE id IN (7, 9999)").update();
            jdbc.sql("INSERT INTO digests.b SELECT * FROM digests.a WHERE id = 7").update();
            assertThat(digest("b")).as("put back after " + change).isEqualTo(equal);
        }
    }

    @Test
    void twoRowsSwappingAValue_changeTheDigest() {
        jdbc.sql("UPDATE digests.b SET name = CASE id WHEN 10 THEN 'name 11' ELSE 'name 10' END WHERE id IN (10, 11)")
                .update();
        assertThat(digest("b")).isNotEqualTo(digest("a"));
    }

    private String digest(String table) {
        return digests.start("digests." + table).join();
    }
}
