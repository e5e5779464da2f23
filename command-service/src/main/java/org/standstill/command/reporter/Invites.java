package org.standstill.command.reporter;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Invite codes, kept outside the event log: a code is a secret, so only its hash is stored, with its
 * day, expiry and whether it was used — not when: the moment of use is the moment of an enrolment, and would link
 * the code to the reporter it enrolled.
 */
@Component
class Invites {

    record Invite(String dayId, Instant expiresAt, boolean used) {
    }

    private final JdbcClient jdbc;

    Invites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores {@code count} new codes for the day, all or none, and answers them: the only time they are seen. */
    List<String> create(String dayId, Instant expiresAt, int count) {
        List<String> codes = new ArrayList<>(count);
        List<Object> params = new ArrayList<>(count * 3);
        for (int i = 0; i < count; i++) {
            String code = Codes.invite();
            codes.add(code);
            params.addAll(List.of(Codes.hash(code), dayId, Timestamp.from(expiresAt)));
        }
        jdbc.sql("INSERT INTO invite (code_hash, day_id, expires_at) VALUES "
                        + String.join(", ", Collections.nCopies(count, "(?, ?, ?)")))
                .params(params)
                .update();
        return codes;
    }

    /** Uses the code if it is unused and unexpired at {@code now}, atomically: a code works once. */
    Optional<String> use(String code, Instant now) {
        return jdbc.sql("""
                        UPDATE invite SET used = TRUE
                        WHERE code_hash = ? AND NOT used AND expires_at > ?
                        RETURNING day_id""")
                .params(Codes.hash(code), Timestamp.from(now))
                .query(String.class)
                .optional();
    }

    Optional<Invite> find(String code) {
        return jdbc.sql("SELECT day_id, expires_at, used FROM invite WHERE code_hash = ?")
                .param(Codes.hash(code))
                .query((rs, row) -> new Invite(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3)))
                .optional();
    }
}
