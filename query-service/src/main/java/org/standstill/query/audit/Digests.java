package org.standstill.query.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares two tables of the same shape by digests of their rows taken in primary-key order, chunk by chunk
 * ({@value #CHUNK} rows of the first table a chunk), so that no single value grows with the table (PostgreSQL's
 * values stop at 1 GB) and neither the database nor this service ever holds a whole table.
 */
@Component
class Digests {

    static final int CHUNK = 20_000;

    private final JdbcClient jdbc;

    Digests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code a} and {@code b} hold the same rows; {@code keys} is their primary key. */
    boolean equal(String a, String b, List<String> keys) {
        String key = String.join(", ", keys);
        String row = "(" + key + ")";
        String textKey = keys.stream().map(k -> k + "::text").reduce((x, y) -> x + ", " + y).orElseThrow();
        String types = "(" + keys.stream().map(k -> "pg_typeof(" + k + ")::text").reduce((x, y) -> x + ", " + y)
                .orElseThrow() + ")";
        List<String> bound = null; // the last key of the previous chunk, as text
        List<String> castTypes = null;
        while (true) {
            List<String> next = null;
            // The key of the chunk's last row in table a, if a holds a full chunk after the bound.
            String after = bound == null ? "" : " WHERE " + row + " > " + literal(bound, castTypes);
            List<List<String>> last = jdbc.sql("SELECT " + textKey + ", " + types.substring(1, types.length() - 1)
                            + " FROM " + a + after + " ORDER BY " + key + " OFFSET " + (CHUNK - 1) + " LIMIT 1")
                    .query((rs, n) -> {
                        List<String> values = new ArrayList<>();
                        for (int i = 1; i <= 2 * keys.size(); i++) {
                            values.add(rs.getString(i));
                        }
                        return values;
                    })
                    .list();
            if (!last.isEmpty()) {
                next = last.get(0).subList(0, keys.size());
                castTypes = last.get(0).subList(keys.size(), 2 * keys.size());
            }
            String where = (bound == null ? " WHERE TRUE" : " WHERE " + row + " > " + literal(bound, castTypes))
                    + (next == null ? "" : " AND " + row + " <= " + literal(next, castTypes));
            if (!digest(a, where, key).equals(digest(b, where, key))) {
                return false;
            }
            if (next == null) {
                return true;
            }
            bound = next;
        }
    }

    private String digest(String table, String where, String key) {
        return jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY " + key + ")), '')"
                + " FROM " + table + " t" + where).query(String.class).single();
    }

    /** A row of key values as SQL literals of their types (values come from our own tables, quoted all the same). */
    private static String literal(List<String> values, List<String> types) {
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            literals.add("'" + values.get(i).replace("'", "''") + "'::" + types.get(i));
        }
        return "(" + String.join(", ", literals) + ")";
    }
}
