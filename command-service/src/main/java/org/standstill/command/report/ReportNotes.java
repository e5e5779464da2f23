package org.standstill.command.report;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.platform.NoteKeys;
import org.standstill.platform.NoteSeal;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Report notes as the {@link Report} aggregate stores them: sealed with the report's own key ({@link NoteSeal}), which
 * is kept outside the event log ({@link NoteKeys}) and deleted when the note is erased. Injected into the aggregate's
 * command handlers; its reads and writes of keys join the command's transaction, so a key is deleted exactly when the
 * event that records the erasure is stored.
 */
@Component
class ReportNotes {

    private final NoteKeys keys;
    private final Supplier<byte[]> nonces;

    @Autowired
    ReportNotes(JdbcClient jdbc) {
        this(NoteKeys.stored(jdbc), NoteSeal::newNonce);
    }

    /** With other keys and nonces: for tests, which need sealed notes they can predict. */
    ReportNotes(NoteKeys keys, Supplier<byte[]> nonces) {
        this.keys = keys;
        this.nonces = nonces;
    }

    /** The note sealed with the report's key, made now if the report has none yet. */
    String seal(UUID reportId, String note) {
        return NoteSeal.seal(keys.getOrCreate(reportId), reportId, note, nonces.get());
    }

    /** The sealed note opened; empty once the report's key is deleted. */
    Optional<String> open(UUID reportId, String sealed) {
        return keys.find(reportId).flatMap(key -> NoteSeal.open(key, reportId, sealed));
    }

    /** Deletes the report's key: its sealed notes can never be opened again. */
    void erase(UUID reportId) {
        keys.delete(reportId);
    }
}
