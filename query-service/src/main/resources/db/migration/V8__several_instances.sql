-- Several query-service instances share the work and the truth.

-- A rebuild's status, where every instance reads it (GET /api/projections/rebuild/{jobId} on any of them).
CREATE TABLE rebuild_job (
    job_id     VARCHAR(64) PRIMARY KEY,
    status     JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- The tally's processor runs two segments (events split by aggregate), which instances claim between them. A
-- database whose processor still has one segment has it split in two: the second starts from the first's token,
-- as Axon's own split does (a token row holds no mask; segments are told apart by their ids).
INSERT INTO tokenentry (processorname, segment, token, tokentype, timestamp, owner)
SELECT processorname, 1, token, tokentype, timestamp, NULL FROM tokenentry
WHERE processorname = 'tally' AND segment = 0
  AND (SELECT count(*) FROM tokenentry WHERE processorname = 'tally') = 1;
