-- Plausibility flags read the headcounts observed in a rally's 60-minute window: only HEADCOUNT versions, by day
-- and observedAt (a small part of report_version, so a small index to keep up with every batch).
CREATE INDEX report_version_headcount_window ON report_version (day_id, observed_at) WHERE kind = 'HEADCOUNT';
