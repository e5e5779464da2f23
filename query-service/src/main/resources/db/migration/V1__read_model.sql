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

-- Days of action as they stand now.
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

-- Every event of a day with the zones after it: zones and position as known at any moment.
CREATE TABLE day_version (
    day_id      VARCHAR(64) NOT NULL,
    position    BIGINT      NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    zones       JSONB       NOT NULL,
    PRIMARY KEY (day_id, position)
);

-- Reports as they stand now (the feed, and the live figures).
CREATE TABLE report_view (
    report_id    UUID PRIMARY KEY,
    day_id       VARCHAR(64) NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    subject_id   TEXT        NOT NULL,
    reporter_id  TEXT        NOT NULL,
    submitted_at BIGINT      NOT NULL,   -- position of its first event: the order of first submission
    recorded_at  TIMESTAMPTZ NOT NULL,   -- when it was first stored
    observed_at  TIMESTAMPTZ NOT NULL,
    status       VARCHAR(16),
    reason       VARCHAR(32),
    type         VARCHAR(32),
    participants INTEGER,
    workforce    INTEGER,
    headcount    INTEGER,
    method       VARCHAR(32),
    note         TEXT,
    verdict      VARCHAR(16) NOT NULL DEFAULT 'UNREVIEWED',
    retracted    BOOLEAN     NOT NULL DEFAULT FALSE,
    position     BIGINT      NOT NULL,   -- its latest event
    changed_at   TIMESTAMPTZ NOT NULL    -- when its latest event was stored
);
CREATE INDEX report_view_subject ON report_view (day_id, subject_id);
CREATE INDEX report_view_kind ON report_view (day_id, kind);
CREATE INDEX report_view_feed ON report_view (day_id, position);

-- Every report after each of its events: the reports as known at any moment K.
CREATE TABLE report_version (
    report_id    UUID        NOT NULL,
    position     BIGINT      NOT NULL,
    day_id       VARCHAR(64) NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    event        VARCHAR(32) NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    subject_id   TEXT        NOT NULL,
    reporter_id  TEXT        NOT NULL,
    submitted_at BIGINT      NOT NULL,
    observed_at  TIMESTAMPTZ NOT NULL,
    status       VARCHAR(16),
    reason       VARCHAR(32),
    type         VARCHAR(32),
    participants INTEGER,
    workforce    INTEGER,
    headcount    INTEGER,
    method       VARCHAR(32),
    note         TEXT,
    verdict      VARCHAR(16) NOT NULL,
    retracted    BOOLEAN     NOT NULL,
    PRIMARY KEY (report_id, position)
);
CREATE INDEX report_version_day ON report_version (day_id, recorded_at);

-- One row per subject (business, workplace, rally), described by its first report, with the
-- status of businesses and the walkout of workplaces now, in each mode.
CREATE TABLE subject_view (
    day_id                VARCHAR(64) NOT NULL,
    subject_id            TEXT        NOT NULL,
    kind                  VARCHAR(16) NOT NULL,
    name                  TEXT        NOT NULL,
    sector                VARCHAR(32),
    lat                   DOUBLE PRECISION NOT NULL,
    lon                   DOUBLE PRECISION NOT NULL,
    zone                  TEXT        NOT NULL,
    status_all            VARCHAR(16),
    status_verified       VARCHAR(16),
    type_all              VARCHAR(32),
    type_verified         VARCHAR(32),
    participants_all      INTEGER,
    participants_verified INTEGER,
    next_change_at        TIMESTAMPTZ,   -- when passing time alone changes it (an observedAt ahead of now)
    PRIMARY KEY (day_id, subject_id)
);
CREATE INDEX subject_view_next_change ON subject_view (next_change_at) WHERE next_change_at IS NOT NULL;
