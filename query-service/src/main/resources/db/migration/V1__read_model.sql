-- Read models of the query service. The event store itself belongs to the command service.

-- Axon's token store (JDBC, default names; the token is BYTEA, never an OID large object).
CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);

CREATE TABLE day_view (
    day_id    VARCHAR(64) PRIMARY KEY,
    name      TEXT        NOT NULL,
    city      TEXT        NOT NULL,
    time_zone TEXT        NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at   TIMESTAMPTZ NOT NULL,
    status    VARCHAR(16) NOT NULL,
    zones     JSONB       NOT NULL,      -- [{name, geometry}] as in the day's events
    position  BIGINT      NOT NULL       -- the last event of this day the views reflect
);

-- One row per report with its current state.
CREATE TABLE report_view (
    report_id      UUID PRIMARY KEY,
    day_id         VARCHAR(64) NOT NULL,
    kind           VARCHAR(16) NOT NULL,
    subject_id     TEXT        NOT NULL,
    reporter_id    TEXT        NOT NULL,
    submitted_at   BIGINT      NOT NULL, -- position of its first event: the order of first submission
    recorded_at    TIMESTAMPTZ NOT NULL,
    observed_at    TIMESTAMPTZ NOT NULL,
    status         VARCHAR(16),
    reason         VARCHAR(32),
    note           TEXT,
    verdict        VARCHAR(16) NOT NULL DEFAULT 'UNREVIEWED',
    retracted      BOOLEAN     NOT NULL DEFAULT FALSE,
    position       BIGINT      NOT NULL
);
CREATE INDEX report_view_subject ON report_view (day_id, subject_id);

-- One row per business with its status now, in each mode.
CREATE TABLE business_view (
    day_id           VARCHAR(64) NOT NULL,
    subject_id       TEXT        NOT NULL,
    name             TEXT        NOT NULL,
    address          TEXT,
    sector           VARCHAR(32) NOT NULL,
    lat              DOUBLE PRECISION NOT NULL,
    lon              DOUBLE PRECISION NOT NULL,
    zone             TEXT        NOT NULL,
    status_all       VARCHAR(16),
    status_verified  VARCHAR(16),
    next_change_at   TIMESTAMPTZ,          -- when passing time alone changes a status (observedAt ahead of now)
    PRIMARY KEY (day_id, subject_id)
);
CREATE INDEX business_view_next_change ON business_view (next_change_at) WHERE next_change_at IS NOT NULL;
