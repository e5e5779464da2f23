-- The live figures now come from the tally engine over report_version, so subject_view only describes subjects:
-- by their first-submitted report (lowest submission order), whatever order events are applied in. Zones are
-- looked up when a view is read (the zones as known at K), never stored per subject.
ALTER TABLE subject_view ADD COLUMN first_submitted BIGINT;
UPDATE subject_view s SET first_submitted = coalesce(
    (SELECT min(r.submitted_at) FROM report_view r WHERE r.day_id = s.day_id AND r.subject_id = s.subject_id), 0);
ALTER TABLE subject_view ALTER COLUMN first_submitted SET NOT NULL;
DROP INDEX subject_view_next_change;
ALTER TABLE subject_view
    DROP COLUMN zone,
    DROP COLUMN status_all, DROP COLUMN status_verified,
    DROP COLUMN type_all, DROP COLUMN type_verified,
    DROP COLUMN participants_all, DROP COLUMN participants_verified,
    DROP COLUMN next_change_at;

-- The engine reads a day's versions in log order, and then those after the position it holds.
CREATE INDEX report_version_log ON report_version (day_id, position);

-- Subjects and kinds are no longer read from report_view: fewer indexes to keep up with every batch.
DROP INDEX report_view_subject;
DROP INDEX report_view_kind;
