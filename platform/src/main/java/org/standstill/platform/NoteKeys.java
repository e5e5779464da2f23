package org.standstill.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Each report's note key ({@link NoteSeal}), kept outside the event log in {@code note_key} (a table of the command
 * service, in the database both services share): the command service makes a report's key when it first seals a
 * note of it and deletes it when the note is erased; the query service reads keys to open the notes it projects.
 */
public interface NoteKeys {

    /**
     * The report's key, made now if it has none — in the caller's transaction, so a key is never committed without
     * the event that needs it being possible, and safe with any number of instances at once: the first insert wins,
     * the others read its key.
     */
    byte[] getOrCreate(UUID reportId);

    /** The keys of those reports that have one: none for a report whose note was erased. */
    Map<UUID, byte[]> find(Collection<UUID> reportIds);

    default Optional<byte[]> find(UUID reportId) {
        return Optional.ofNullable(find(java.util.List.of(reportId)).get(reportId));
    }

    /** Deletes the report's key: every note sealed with it can never be opened again. Deleting it again does nothing. */
    void delete(UUID reportId);

    /** The keys in {@code note_key}. */
    static NoteKeys stored(JdbcClient jdbc) {
        return new Stored(jdbc);
    }

    final class Stored implements NoteKeys {

        private final JdbcClient jdbc;

        private Stored(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public byte[] getOrCreate(UUID reportId) {
            // A concurrent insert of the same report waits for the other transaction: it then inserts nothing, and the
            // next statement (a new snapshot) reads the key that transaction committed.
            jdbc.sql("INSERT INTO note_key (report_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(reportId, NoteSeal.newKey()).update();
            return jdbc.sql("SELECT key FROM note_key WHERE report_id = ?").param(reportId)
                    .query(byte[].class).single();
        }

        @Override
        public Map<UUID, byte[]> find(Collection<UUID> reportIds) {
            Map<UUID, byte[]> keys = new HashMap<>();
            if (reportIds.isEmpty()) {
                return keys;
            }
            jdbc.sql("SELECT report_id, key FROM note_key WHERE report_id = ANY (?)")
                    .param(reportIds.toArray(UUID[]::new))
                    .query(rs -> {
                        keys.put(rs.getObject(1, UUID.class), rs.getBytes(2));
                    });
            return keys;
        }

        @Override
        public void delete(UUID reportId) {
            jdbc.sql("DELETE FROM note_key WHERE report_id = ?").param(reportId).update();
        }
    }
}
