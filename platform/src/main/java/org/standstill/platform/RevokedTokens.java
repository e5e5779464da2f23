package org.standstill.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

/**
 * Staff tokens revoked by an admin ({@code revoked_token}, in the database both services share): a revocation is in
 * force in both at once, as each checks the table on every request that carries a staff token.
 */
public final class RevokedTokens {

    private final JdbcClient jdbc;

    public RevokedTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(String tokenId) {
        UUID id;
        try {
            id = UUID.fromString(tokenId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM revoked_token WHERE token_id = ?)").param(id)
                .query(Boolean.class).single();
    }

    /** Revokes the token; revoking it again changes nothing. */
    public void revoke(UUID tokenId) {
        jdbc.sql("INSERT INTO revoked_token (token_id) VALUES (?) ON CONFLICT DO NOTHING").param(tokenId).update();
    }
}
