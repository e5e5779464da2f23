package org.standstill.query.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Compares two tables of the same shape by a digest of their rows as a multiset: the row count and two sums of
 * 64-bit hashes of each row's text (different seeds), 128 bits that any lost, added or changed row moves. One
 * sequential scan a table, in no order, nothing held but three numbers: no value grows with the table (PostgreSQL's
 * values stop at 1 GB) and neither the database nor this service ever holds a whole table. Both tables are scanned
 * at once, on two connections.
 */
@Component
class Digests {

    private final JdbcClient jdbc;
    private final ExecutorService scans = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "rebuild-digest");
        thread.setDaemon(true);
        return thread;
    });

    Digests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code a} and {@code b} hold the same rows. */
    boolean equal(String a, String b) {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> digest(a), scans);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> digest(b), scans);
        return first.join().equals(second.join());
    }

    String digest(String table) {
        return jdbc.sql("SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 1)::numeric), 0) || ':'"
                + " || coalesce(sum(hashtextextended(t::text, 2)::numeric), 0) FROM " + table + " t")
                .query(String.class).single();
    }
}
