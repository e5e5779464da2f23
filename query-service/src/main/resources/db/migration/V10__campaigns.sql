-- Campaigns: many cities' days of action counted together. A day's campaign, and its status, after each of its
-- events (day_version), so that a campaign's members and their status are known as at any moment.
CREATE TABLE campaign_view (
    campaign_id VARCHAR(64) PRIMARY KEY,
    name        TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    position    BIGINT      NOT NULL
);

ALTER TABLE day_view ADD COLUMN campaign_id VARCHAR(64),
                     ADD COLUMN lat DOUBLE PRECISION,
                     ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE day_version ADD COLUMN campaign_id VARCHAR(64),
                        ADD COLUMN status VARCHAR(16);

-- The status after each event so far, from the lifecycle: a day's zones change only while PLANNED, so a LIVE day's
-- last event opened it, and a CLOSED day's last two opened and closed it; every event before was PLANNED.
UPDATE day_version v
SET status = CASE
                 WHEN r.from_last = 1 THEN d.status
                 WHEN r.from_last = 2 AND d.status = 'CLOSED' THEN 'LIVE'
                 ELSE 'PLANNED' END
FROM day_view d,
     (SELECT day_id, position, row_number() OVER (PARTITION BY day_id ORDER BY position DESC) AS from_last
      FROM day_version) r
WHERE d.day_id = v.day_id AND r.day_id = v.day_id AND r.position = v.position;
ALTER TABLE day_version ALTER COLUMN status SET NOT NULL;

CREATE INDEX day_version_campaign ON day_version (campaign_id) WHERE campaign_id IS NOT NULL;
