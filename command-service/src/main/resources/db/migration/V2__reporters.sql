-- Invite codes. A code is a secret and not an event: only its SHA-256 (hex) is kept, with its day,
-- its expiry and when it was used. Nothing here links a code to the reporter it enrolled.
CREATE TABLE invite (
    code_hash  CHAR(64)    PRIMARY KEY,
    day_id     VARCHAR(64) NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- The reporters as the command side sees them (pseudonym, day, revoked), kept by a subscribing
-- processor in the same transaction as their events; checked on every REPORTER request.
CREATE TABLE reporter_lookup (
    reporter_id VARCHAR(64) PRIMARY KEY,
    day_id      VARCHAR(64) NOT NULL,
    revoked     BOOLEAN     NOT NULL DEFAULT FALSE
);
