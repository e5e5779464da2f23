package org.standstill.query.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Compares two tables of the same shape by a digest of their rows as a set (every table compared has a primary key,
 * so no row is there twice): the row count and, for two seeds, the XOR of a 64-bit hash of each row — 128 bits that
 * any lost, added or changed row moves. A row's hash is PostgreSQL's own hash of the record, column by column with
 * each type's hash function (the one its hash joins use), so no row is ever turned into text. One sequential scan a
 * table, in no order, nothing held but three numbers: neither the database nor this service ever holds a whole table.
 * Digests are taken on connections of their own, two at a time, while the caller goes on.
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

    /** The digest of a table, computed on a connection of its own while the caller goes on. */
    CompletableFuture<String> start(String table) {
        return CompletableFuture.supplyAsync(() -> digest(table), scans);
    }

    String digest(String table) {
        // The record is hashed once per seed; the hashes of each column are cheap next to printing the row.
        return jdbc.sql("SELECT count(*) || ':' || coalesce(bit_xor(hash_record_extended(t, 1)), 0) || ':'"
                        + " || coalesce(bit_xor(hash_record_extended(t, 2)), 0) FROM " + table + " t")
                .query(String.class).single();
    }
}
