-- Reporters whose tokens were revoked, kept by the "reporters" processor; checked on every REPORTER token.
CREATE TABLE revoked_reporter (
    reporter_id VARCHAR(64) PRIMARY KEY,
    day_id      VARCHAR(64) NOT NULL
);
