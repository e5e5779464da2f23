-- Staff tokens (COORDINATOR, AUDITOR) revoked by an admin, by their id (the JWT's jti); both services check it on
-- every request that carries a staff token, so a revocation is in force in both at once.
CREATE TABLE revoked_token (
    token_id UUID PRIMARY KEY
);
