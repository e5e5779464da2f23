package org.standstill.bench.benchmarks;

import org.standstill.bench.Platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where PostgreSQL spends its time in a phase of a benchmark, from {@code pg_stat_statements} (the benchmarks'
 * embedded PostgreSQL preloads it): {@link #reset} at the start of the phase, {@link #top} at its end.
 */
final class Statements {

    private final Platform platform;
    private final boolean available;

    private Statements(Platform platform, boolean available) {
        this.platform = platform;
        this.available = available;
    }

    /** Starts counting anew; on a server without the module loaded, counts nothing and says so in {@link #top}. */
    static Statements reset(Platform platform) {
        try (Connection c = connect(platform); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            return new Statements(platform, true);
        } catch (SQLException notLoaded) {
            return new Statements(platform, false);
        }
    }

    /** The {@code n} statements that took the most execution time since the reset, each per call and in all. */
    List<Map<String, Object>> top(int n) throws SQLException {
        if (!available) {
            return List.of(Map.of("note", "pg_stat_statements is not loaded on this server"));
        }
        List<Map<String, Object>> top = new ArrayList<>();
        try (Connection c = connect(platform); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read AS blocks, query
                     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                     ORDER BY total_exec_time DESC LIMIT""" + " " + n)) {
            while (rs.next()) {
                long calls = rs.getLong(1);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("calls", calls);
                row.put("totalMs", Stats.round(rs.getDouble(2)));
                row.put("meanMs", Stats.round(rs.getDouble(2) / Math.max(1, calls)));
                row.put("rowsPerCall", Stats.round((double) rs.getLong(3) / Math.max(1, calls)));
                row.put("blocksPerCall", Stats.round((double) rs.getLong(4) / Math.max(1, calls)));
                row.put("query", rs.getString(5).replaceAll("\\s+", " "));
                top.add(row);
            }
        }
        return top;
    }

    private static Connection connect(Platform platform) throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }
}
